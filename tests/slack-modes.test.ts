/**
 * The Slack adapter beyond a single HTTP request, each test on a fresh real runtime: Socket Mode,
 * a renamed slash command, the approval flow, file export, throttled sending, a shutdown that
 * drains the send queue, and the polite reply when handling fails.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { APOLOGY } from '../src/adapters/slack/index.js'
import { createLogger } from '../src/core/log.js'
import { FAKE_IDENTITY } from './helpers/slack-fake-api.js'
import { SlackHarness } from './helpers/slack-harness.js'
import { eventEnvelope } from './helpers/slack-requests.js'

const mention = (text: string) => `<@${FAKE_IDENTITY.user_id}> ${text}`

let h: SlackHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('Slack adapter in Socket Mode', () => {
  it('connects through SLACK_API_URL, acknowledges envelopes, replies in the thread, dedupes a redelivery', async () => {
    h = await SlackHarness.start({ socketMode: true })
    const harness = h
    expect(harness.api.ok('apps.connections.open')).toHaveLength(1)
    const socket = harness.socket
    if (!socket) throw new Error('no socket')
    const sent = eventEnvelope({ type: 'app_mention', channel: 'C2SOCKET', text: mention('商标工作谁牵头？') })
    const envelope = await socket.deliver(JSON.parse(sent.body))
    expect((await harness.outcome(sent.eventId)).action).toBe('replied')
    expect(socket.acks).toContain(envelope)
    const [post] = harness.api.posts
    expect(post?.params).toMatchObject({ channel: 'C2SOCKET', thread_ts: sent.ts })
    expect(post?.params.text).toContain('知识产权')

    await socket.deliver(JSON.parse(sent.body), 1)
    await vi.waitFor(() => expect(harness.outcomes.filter((o) => o.id === sent.eventId)).toHaveLength(2))
    expect(harness.outcomes.at(-1)).toMatchObject({ action: 'duplicate' })
    expect(harness.api.posts).toHaveLength(1)
  })
})

describe('Socket Mode frames the SDK cannot read', () => {
  it('are logged once each and dropped; the process and the door keep serving', async () => {
    const lines: string[] = []
    h = await SlackHarness.start({ socketMode: true, log: createLogger('warn', (line) => lines.push(line)) })
    const harness = h
    const socket = harness.socket
    if (!socket) throw new Error('no socket')
    const frames = [
      { envelope_id: 'env-no-payload', type: 'events_api' },
      { envelope_id: 'env-no-event', type: 'events_api', payload: { type: 'event_callback', event_id: 'EvX1' } },
      { envelope_id: 'env-no-type', type: 'events_api', payload: { type: 'event_callback', event_id: 'EvX2', event: { text: 'x' } } },
      { envelope_id: 'env-null', type: 'events_api', payload: null },
      { envelope_id: 'env-cmd', type: 'slash_commands' },
      'not json at all {',
      '42',
    ]
    for (const frame of frames) await socket.sendRaw(frame)
    // Unhandled rejections would fail this test run (vitest reports them); the door still answers.
    const sent = eventEnvelope({ type: 'app_mention', channel: 'C2SOCKET', text: mention('商标工作谁牵头？') })
    await socket.deliver(JSON.parse(sent.body))
    expect((await harness.outcome(sent.eventId)).action).toBe('replied')
    const dropped = lines.filter((l) => l.includes('dropped a Socket Mode frame'))
    expect(dropped).toHaveLength(5)
    expect(dropped[0]).toContain('"envelopeId":"env-no-payload"')
    expect(dropped[0]).toContain('events_api frame without a payload')
    expect(lines.join('')).not.toMatch(/env-cmd.*dropped/)
  })
})

describe('Slack adapter options and flows', () => {
  it('answers the slash command under the name set in SLACK_SLASH_COMMAND', async () => {
    h = await SlackHarness.start({ env: { SLACK_SLASH_COMMAND: '/yaodian' } })
    const sent = await h.command({ text: '商标工作谁牵头？' })
    expect(sent.status).toBe(200)
    expect((await h.outcome(sent.triggerId)).action).toBe('replied')
    expect(h.api.ok('respond')[0]?.params.text).toContain('知识产权')
  })

  it('binds with approval: the admin approves by mentioning the person, then progress is recorded', async () => {
    h = await SlackHarness.start({ env: { BOT_BINDING_POLICY: 'approval' } })
    await h.ask({ channel: 'D2ZHANG', channel_type: 'im', user: 'U0ZHANG', text: '我是知识产权促进科的' })
    expect(String(h.api.posts.at(-1)?.params.text)).toContain('批准 slack:U0ZHANG')
    const approve = await h.ask({ channel: 'C2ADMIN', user: 'U0BOSS', text: mention('批准 <@U0ZHANG>') })
    expect(approve.outcome.intent).toBe('approve')
    expect(String(h.api.posts.at(-1)?.params.text)).toContain('已批准')
    const logged = await h.ask({
      channel: 'D2ZHANG',
      channel_type: 'im',
      user: 'U0ZHANG',
      text: '进度 20 截至6月底发明专利申请量1200件',
    })
    expect(logged.outcome.intent).toBe('log_progress')
    expect(String(h.api.posts.at(-1)?.params.text)).toContain('已记录')
    expect(await h.runtime.store.liveUpdates()).toHaveLength(1)
  })

  it('remembers handled events across a restart, so a late redelivery is not answered again', async () => {
    h = await SlackHarness.start()
    await h.ask({ channel: 'D2RESTART', channel_type: 'im', user: 'U0ZHANG', text: '我是知识产权促进科的' })
    const first = await h.ask({
      channel: 'D2RESTART',
      channel_type: 'im',
      user: 'U0ZHANG',
      text: '进度 20 截至6月底发明专利申请量1200件',
    })
    expect(first.outcome.intent).toBe('log_progress')
    await h.restart()
    expect((await h.resend(first.body, { retryNum: 2 })).status).toBe(200)
    const outcomes = () => h?.outcomes.filter((o) => o.id === first.eventId) ?? []
    await vi.waitFor(() => expect(outcomes()).toHaveLength(2))
    expect(outcomes()[1]).toMatchObject({ action: 'duplicate' })
    expect(h.api.posts).toHaveLength(2)
    expect(await h.runtime.store.liveUpdates()).toHaveLength(1)
  })

  it('uploads an exported file to the channel, in the thread, after the text reply', async () => {
    h = await SlackHarness.start()
    const { ts, outcome } = await h.ask({ type: 'app_mention', channel: 'C2EXPORT', text: mention('导出台账'), user: 'U0BOSS' })
    expect(outcome).toMatchObject({ action: 'replied', intent: 'export', delivered: true })
    const order = h.api.calls.map((c) => c.method).filter((m) => m !== 'auth.test')
    expect(order).toEqual(['chat.postMessage', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal'])
    expect(h.api.ok('files.getUploadURLExternal')[0]?.params.filename).toMatch(/\.xlsx$/)
    expect(h.api.ok('files.completeUploadExternal')[0]?.params).toMatchObject({ channel_id: 'C2EXPORT', thread_ts: ts })
    // The client posts the file as multipart form data; an .xlsx is a zip, which starts with PK\x03\x04.
    expect(h.api.ok('upload')[0]?.bytes?.includes(Buffer.from('PK\x03\x04', 'latin1'))).toBe(true)
  })

  it('sends the parts of a long reply in order with BOT_SEND_INTERVAL_MS between them; stop() drains them', async () => {
    h = await SlackHarness.start({ env: { BOT_SEND_INTERVAL_MS: '40' } })
    const harness = h
    await harness.seedUpdates('U0LONG', 21, 40)
    await harness.event({ channel: 'D2THROTTLE', channel_type: 'im', user: 'U0LONG', text: '第21条全部进展' })
    await harness.api.until(() => harness.api.posts.length >= 1)
    await harness.adapter.stop()
    const texts = harness.api.posts.map((p) => String(p.params.text))
    expect(texts.length).toBeGreaterThan(1)
    const order = [...texts.join('\n').matchAll(/第(\d+)次报送/g)].map((m) => Number(m[1]))
    expect(order).toEqual(Array.from({ length: 40 }, (_, i) => 40 - i))
  })

  it('logs the failure and apologises politely when handling fails', async () => {
    const lines: string[] = []
    h = await SlackHarness.start({ log: createLogger('error', (line) => lines.push(line)) })
    h.runtime.bot = {
      handle: async () => {
        throw new Error('boom')
      },
    }
    const { eventId, outcome } = await h.ask({ channel: 'D2ERROR', channel_type: 'im', user: 'U0ERR', text: '商标工作谁牵头？' })
    expect(outcome).toMatchObject({ action: 'apologised', delivered: true })
    expect(h.api.posts.map((p) => p.params.text)).toEqual([APOLOGY])
    const logged = lines.find((l) => l.includes('slack: handling a message failed'))
    expect(logged).toContain(eventId)
    expect(logged).toContain('slack:U0ERR')
    expect(logged).toContain('D2ERROR')
  })

  it('does not acknowledge an event it cannot store: HTTP 500, so Slack delivers it again later', async () => {
    const lines: string[] = []
    h = await SlackHarness.start({ log: createLogger('error', (line) => lines.push(line)) })
    await h.runtime.store.close() // every store call now throws
    const sent = await h.event({ channel: 'D2ERROR', channel_type: 'im', user: 'U0ERR', text: '进度 20 已完成' })
    expect(sent.status).toBe(500)
    expect(h.api.posts).toEqual([])
    expect(lines.join('\n')).toMatch(/error/)
  })
})
