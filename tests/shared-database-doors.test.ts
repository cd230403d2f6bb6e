import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DoorHarness } from './helpers/door-harness.js'
import { SlackHarness } from './helpers/slack-harness.js'
import { type WecomRun, wecomHarness } from './helpers/wecom-door.js'
import type { FakeWecom } from './helpers/wecom-fake.js'

/**
 * Doors in separate processes may share one database. Each replays and resends only its own rows
 * of the inbox and outbox (adapters/chat/delivery-keys.ts): a door that picked up another's would
 * send a payload it cannot read, and the owner would never send it.
 */

let slack: SlackHarness | undefined
let fake: FakeWecom | undefined
let wecom: DoorHarness<WecomRun> | undefined
afterEach(async () => {
  await slack?.close()
  await wecom?.close()
  await fake?.close()
  slack = wecom = fake = undefined
})

describe('doors on one database', () => {
  it("leaves WeCom's open messages and unsent replies to WeCom, and WeCom leaves Slack's to Slack", async () => {
    ;({ fake, h: wecom } = await wecomHarness())
    const db = wecom.env.BOT_DB as string
    const { delivery } = wecom.runtime.store
    const at = new Date().toISOString()
    // What a WeCom process killed mid-way leaves: an accepted message, and a reply queued for another.
    const frame = { cmd: 'aibot_msg_callback', headers: { req_id: 'r-open' }, body: {} }
    await delivery.accept('wecom-inbox:m-open', frame, at)
    const reply = { kind: 'push', chat: 'wrGroup9', content: '早先的回复' }
    await delivery.accept('wecom-inbox:m-sent', frame, at)
    await delivery.queueReplies('wecom-inbox:m-sent', [{ room: 'wrGroup9', payload: reply }], at)
    // And a Slack event accepted but never answered.
    const event = { type: 'message', channel: 'D0SHARED', channel_type: 'im', user: 'U0SHARED', text: '帮助', ts: '1700000000.000100' }
    await delivery.accept('slack-inbox:Ev0SHARED', { type: 'event_callback', event_id: 'Ev0SHARED', event }, at)

    slack = await SlackHarness.start({ env: { BOT_DB: db, BOT_EXPORT_DIR: join(wecom.dir, 'slack-exports') } })
    await slack.adapter.stop()
    const open = (await slack.runtime.store.delivery.openMessages()).map((e) => e.key)
    expect(open).toEqual(['wecom-inbox:m-open'])
    expect((await slack.runtime.store.delivery.unsentReplies()).map((e) => e.inboxKey)).toEqual(['wecom-inbox:m-sent'])
    expect(slack.api.posts.map((p) => p.params.channel)).toEqual(['D0SHARED'])

    // Another Slack event left open; the WeCom door restarts and handles only its own rows.
    await delivery.accept(
      'slack-inbox:Ev1SHARED',
      { type: 'event_callback', event_id: 'Ev1SHARED', event: { ...event, ts: '1700000001.0' } },
      at,
    )
    await wecom.restart()
    await fake.until(() => fake?.visible('wrGroup9').length === 1)
    expect(fake.visible('wrGroup9')[0]?.content).toBe('早先的回复')
    expect((await wecom.runtime.store.delivery.openMessages()).map((e) => e.key)).toEqual(['slack-inbox:Ev1SHARED'])
  })
})
