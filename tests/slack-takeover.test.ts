import { describe, expect, it } from 'vitest'
import { SlackHarness } from './helpers/slack-harness.js'
import { eachStore } from './helpers/store-kinds.js'

/**
 * The Slack door taking over the replies of an instance that stopped (on both stores): a reply
 * whose send had begun and that Slack had received is found in its thread by its outbox id and not
 * posted again; one whose send had begun and never arrived is posted, once; both end up marked sent.
 */

eachStore((kind) => {
  describe('Slack takeover of replies left by a stopped instance', () => {
    it('posts what never arrived, once, and not what already did', async () => {
      const gone = await kind.open()
      const at = new Date().toISOString()
      const reply = (text: string) => ({
        room: 'C0TAKE',
        payload: { kind: 'post', channel: 'C0TAKE', threadTs: '1700000000.000100', message: { text } },
      })
      const [arrived, lost] = await gone.delivery.queueReplies('slack-inbox:EvGONE', [reply('答复一'), reply('答复二')], at)
      await gone.delivery.markAttempt(arrived as number, at)
      await gone.delivery.markAttempt(lost as number, at)
      const h = await SlackHarness.start({ env: { BOT_DB: kind.target, BOT_TAKEOVER_SECONDS: '1' } })
      try {
        // What the stopped instance's first send left in Slack, with its outbox id as metadata.
        const web = h.adapter.app.client
        await web.chat.postMessage({
          token: 'xoxb-test-token',
          channel: 'C0TAKE',
          thread_ts: '1700000000.000100',
          text: '答复一',
          metadata: { event_type: 'gzyd_reply', event_payload: { outbox: arrived as number } },
        })
        await gone.close()
        const texts = () => h.api.posts.filter((c) => c.params.channel === 'C0TAKE').map((c) => c.params.text)
        await h.api.until(() => texts().includes('答复二'))
        await new Promise((resolve) => setTimeout(resolve, 1_500)) // another sweep: nothing more is sent
        expect(texts()).toEqual(['答复一', '答复二'])
        const lookups = h.api.calls.filter((c) => c.method === 'conversations.replies')
        expect(lookups.length).toBeGreaterThanOrEqual(2)
        expect(await h.runtime.store.delivery.unsentReplies()).toEqual([])
      } finally {
        await h.close()
      }
    })
  })
})
