import { afterEach, describe, expect, it } from 'vitest'
import { SlackHarness } from './helpers/slack-harness.js'

/**
 * Accepted means durable: an event Slack was told had arrived (HTTP 200) is in the database before
 * the answer, and a reply the bot decided on is sent once, even when the process dies in between.
 * The crash is real as far as the bot can tell: receiver stopped, database closed, work in hand
 * abandoned, then a new runtime and a new bolt App on the same files.
 */

let h: SlackHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const dm = (text: string) => ({ channel: 'D1DUR', channel_type: 'im' as const, user: 'U0DUR', text })
const postsIn = (harness: SlackHarness) => harness.api.posts.filter((p) => p.params.channel === 'D1DUR')

describe('Slack deliveries across a crash', () => {
  it('answers and stores, after restart, an event acknowledged before the crash but never answered', async () => {
    const harness = await SlackHarness.start()
    h = harness
    await harness.ask(dm('我是知识产权促进科的'))
    // The core never finishes: the process will die with the report in hand.
    const inner = harness.runtime.bot
    harness.runtime.bot = { handle: () => new Promise(() => {}) }
    const sent = await harness.event(dm('进度 20 截至6月底发明专利申请量1200件'))
    expect(sent.status).toBe(200)
    harness.runtime.bot = inner
    await harness.crash()

    const outcome = await harness.outcome(sent.eventId)
    expect(outcome).toMatchObject({ action: 'replied', intent: 'log_progress', delivered: true })
    expect(postsIn(harness).at(-1)?.params.text).toContain('已记录')
    expect((await harness.runtime.store.updatesForTask(20)).filter((u) => u.user === 'slack:U0DUR')).toHaveLength(1)
  })

  it('posts, once, after restart, a reply queued but not yet sent at the crash', async () => {
    const harness = await SlackHarness.start()
    h = harness
    await harness.ask(dm('我是知识产权促进科的'))
    const before = postsIn(harness).length
    harness.api.holdNext('chat.postMessage')
    await harness.event(dm('进度 20 截至6月底发明专利申请量1200件'))
    await harness.api.until(() => harness.api.held.length === 1)
    await harness.crash()

    await harness.api.until(() => postsIn(harness).length === before + 1)
    expect(postsIn(harness).at(-1)?.params.text).toContain('已记录')
    // A second restart sends nothing again.
    await harness.restart()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(postsIn(harness)).toHaveLength(before + 1)
    expect((await harness.runtime.store.updatesForTask(20)).filter((u) => u.user === 'slack:U0DUR')).toHaveLength(1)
  })

  it('does not post again a reply that reached Slack just before the kill (found by its metadata)', async () => {
    const harness = await SlackHarness.start()
    h = harness
    await harness.ask(dm('我是知识产权促进科的'))
    // Slack has the post on arrival; its answer comes too late for the process that sent it.
    harness.api.delay('chat.postMessage', 500)
    await harness.event(dm('进度 20 截至6月底发明专利申请量1200件'))
    await harness.api.until(() => harness.api.messages.some((m) => String(m.text).includes('已记录')))
    await harness.crash()
    harness.api.delay('chat.postMessage', 0)

    await harness.api.until((calls) => calls.some((c) => c.method === 'conversations.history'))
    await harness.restart()
    expect(harness.api.messages.filter((m) => m.channel === 'D1DUR' && String(m.text).includes('已记录'))).toHaveLength(1)
    const posted = harness.api.messages.find((m) => String(m.text).includes('已记录'))
    expect(posted?.metadata).toMatchObject({ event_type: 'gzyd_reply', event_payload: { outbox: expect.any(Number) } })
  })

  it('after a restart stores accepted events before old replies are drained; replies queued long ago say they are late', async () => {
    const harness = await SlackHarness.start({ env: { BOT_SEND_INTERVAL_MS: '200', BOT_LATE_REPLY_MINUTES: '10' } })
    h = harness
    await harness.ask(dm('我是知识产权促进科的'))
    // Twenty replies a stopped run left unsent, queued half an hour ago, in the clerk's channel.
    const old = new Date(Date.now() - 30 * 60_000).toISOString()
    const payloads = Array.from({ length: 20 }, (_, k) => ({
      room: 'D1DUR',
      payload: { kind: 'post', channel: 'D1DUR', message: { text: `旧回复${k + 1}` } },
    }))
    await harness.runtime.store.delivery.queueReplies('slack-inbox:old', payloads, old)
    const inner = harness.runtime.bot
    harness.runtime.bot = { handle: () => new Promise(() => {}) }
    const sent = await harness.event(dm('进度 20 截至6月底发明专利申请量1200件'))
    harness.runtime.bot = inner
    await harness.crash()

    // Stored while most old replies still wait their turn (200 ms apart); its own reply queues behind them.
    const mine = async () => (await harness.runtime.store.updatesForTask(20)).filter((u) => u.user === 'slack:U0DUR')
    while ((await mine()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(postsIn(harness).filter((p) => String(p.params.text).includes('旧回复')).length).toBeLessThan(10)
    expect(await harness.outcome(sent.eventId)).toMatchObject({ action: 'replied', delivered: true })
    expect(await mine()).toHaveLength(1)
    await harness.api.until(() => postsIn(harness).some((p) => String(p.params.text).includes('已记录')), 20_000)
    const olds = postsIn(harness).filter((p) => String(p.params.text).includes('旧回复'))
    expect(olds).toHaveLength(20)
    for (const p of olds)
      expect(String(p.params.text)).toMatch(/^（迟发：对应 \d{2}-\d{2} \d{2}:\d{2} 收到的消息，机器人重启后补发）\n旧回复/)
    expect(String(postsIn(harness).at(-1)?.params.text)).not.toContain('迟发')
  })

  it('answers a Slack retry of an acknowledged event once, also when the retry arrives after a restart', async () => {
    const harness = await SlackHarness.start()
    h = harness
    const first = await harness.ask(dm('商标工作谁牵头？'))
    await harness.restart()
    const retry = await harness.resend(first.body, { retryNum: 1 })
    expect(retry.status).toBe(200)
    await harness.api.until(() => harness.outcomes.filter((o) => o.id === first.eventId).length === 2)
    expect(harness.outcomes.filter((o) => o.id === first.eventId).map((o) => o.action)).toEqual(['replied', 'duplicate'])
    expect(postsIn(harness)).toHaveLength(1)
  })

  it('answers, after restart, a slash command acknowledged before the crash, through its response_url', async () => {
    const harness = await SlackHarness.start()
    h = harness
    await harness.ask(dm('我是知识产权促进科的'))
    const inner = harness.runtime.bot
    harness.runtime.bot = { handle: () => new Promise(() => {}) }
    const sent = await harness.command({ text: '进度 20 截至6月底发明专利申请量1200件', user: 'U0DUR', channel: 'C0CMD' })
    expect(sent.status).toBe(200)
    harness.runtime.bot = inner
    await harness.crash()

    expect(await harness.outcome(sent.triggerId)).toMatchObject({ action: 'replied', intent: 'log_progress', delivered: true })
    const responses = harness.api.ok('respond')
    expect(responses).toHaveLength(1)
    expect(responses[0]?.params).toMatchObject({ response_type: 'ephemeral' })
    expect(String(responses[0]?.params.text)).toContain('已记录')
  })
})
