/**
 * The Slack adapter end to end: a real bolt App on 127.0.0.1 receiving requests signed like Slack's,
 * the real runtime from boot() on a temporary database, and a fake Slack Web API on 127.0.0.1.
 * Each test uses its own channel and user, so they do not see each other's messages.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { IncomingMessage } from '../src/core/message.js'
import { FAKE_IDENTITY, type RecordedCall } from './helpers/slack-fake-api.js'
import { SlackHarness } from './helpers/slack-harness.js'
import { slackTs } from './helpers/slack-requests.js'

const mention = (text: string) => `<@${FAKE_IDENTITY.user_id}> ${text}`
const dm = (channel: string, user: string, text: string) => ({ channel, channel_type: 'im' as const, user, text })
type Block = { type: string; text: { text: string } }
const blocksOf = (post: RecordedCall | undefined) => (post?.params.blocks ?? []) as Block[]

describe('Slack adapter (HTTP mode, real runtime)', () => {
  let h: SlackHarness
  beforeAll(async () => {
    h = await SlackHarness.start()
  })
  afterAll(async () => {
    await h.close()
  })

  const postsIn = (channel: string) => h.api.posts.filter((p) => p.params.channel === channel)
  const updatesBy = async (user: string) => (await h.runtime.store.liveUpdates()).filter((u) => u.user === `slack:${user}`)

  it('checks the token with auth.test before listening', () => {
    expect(h.api.ok('auth.test').length).toBeGreaterThanOrEqual(1)
  })

  it('answers a mention in the thread of the message, citing the plan', async () => {
    const { ts, outcome } = await h.ask({ type: 'app_mention', channel: 'C1MENTION', text: mention('商标工作谁牵头？') })
    expect(outcome).toMatchObject({ action: 'replied', intent: 'lead', delivered: true })
    const posts = postsIn('C1MENTION')
    expect(posts).toHaveLength(1)
    expect(posts[0]?.params.thread_ts).toBe(ts)
    expect(posts[0]?.params.text).toContain('知识产权')
    expect(posts[0]?.params.text).toMatch(/第\d+条/)
  })

  it('answers a mention inside a thread in that thread', async () => {
    const parent = slackTs(new Date(Date.now() - 60_000))
    await h.ask({ type: 'app_mention', channel: 'C1THREAD', text: mention('商标工作谁牵头？'), thread_ts: parent })
    expect(postsIn('C1THREAD').map((p) => p.params.thread_ts)).toEqual([parent])
  })

  it('answers a direct message in the conversation', async () => {
    const { outcome } = await h.ask(dm('D1DIRECT', 'U0DIRECT', '商标工作谁牵头？'))
    expect(outcome.action).toBe('replied')
    const posts = postsIn('D1DIRECT')
    expect(posts).toHaveLength(1)
    expect(posts[0]?.params.thread_ts).toBeUndefined()
    expect(posts[0]?.params.text).toContain('知识产权')
  })

  it('answers a channel message that starts with a command word, and ignores other chatter', async () => {
    const chatter = await h.ask({ channel: 'C1WORDS', text: '商标工作谁牵头？' })
    expect(chatter.outcome).toMatchObject({ action: 'dropped', reason: 'channel message not addressed to the bot' })
    const lookalike = await h.ask({ channel: 'C1WORDS', text: '汇总一下大家的意见' })
    expect(lookalike.outcome.action).toBe('dropped')
    const typedName = await h.ask({ channel: 'C1WORDS', text: '@工作要点助手 商标工作谁牵头？' })
    expect(typedName.outcome.action).toBe('dropped')
    const command = await h.ask({ channel: 'C1WORDS', text: '帮助' })
    expect(command.outcome).toMatchObject({ action: 'replied', intent: 'help' })
    expect(postsIn('C1WORDS')).toHaveLength(1)
  })

  it('ignores its own messages and other bots', async () => {
    const own = await h.ask({ channel: 'C1BOTS', text: mention('帮助'), user: FAKE_IDENTITY.user_id })
    expect(own.outcome).toMatchObject({ action: 'dropped', reason: 'own message' })
    const ownPost = await h.ask({ channel: 'C1BOTS', text: '汇总', bot_id: FAKE_IDENTITY.bot_id, subtype: 'bot_message' })
    expect(ownPost.outcome).toMatchObject({ action: 'dropped', reason: 'own message' })
    const other = await h.ask({ channel: 'C1BOTS', text: '汇总', bot_id: 'B0OTHER', subtype: 'bot_message' })
    expect(other.outcome).toMatchObject({ action: 'dropped', reason: 'message from another bot' })
    expect(postsIn('C1BOTS')).toHaveLength(0)
  })

  it('stores and answers a progress report delivered late (Slack retries after minutes with the original ts)', async () => {
    await h.ask(dm('D1OLD', 'U0OLD', '我是知识产权促进科的'))
    const old = slackTs(new Date(Date.now() - 5 * 60_000))
    const { outcome } = await h.ask({ ...dm('D1OLD', 'U0OLD', '进度 20 截至6月底发明专利申请量1200件'), ts: old })
    expect(outcome).toMatchObject({ action: 'replied', intent: 'log_progress' })
    expect(postsIn('D1OLD').at(-1)?.params.text).toContain('已记录')
    expect((await h.runtime.store.updatesForTask(20)).some((u) => u.user === 'slack:U0OLD')).toBe(true)
  })

  it('records progress once when Slack retries the same event', async () => {
    const bind = await h.ask(dm('D1ZHANG', 'U0ZHANG', '我是知识产权促进科的'))
    expect(bind.outcome).toMatchObject({ action: 'replied', intent: 'bind' })
    const first = await h.ask(dm('D1ZHANG', 'U0ZHANG', '进度 20 截至6月底发明专利申请量1200件'))
    expect(first.outcome).toMatchObject({ action: 'replied', intent: 'log_progress' })
    const retry = await h.resend(first.body, { retryNum: 1 })
    expect(retry.status).toBe(200)
    const outcomes = () => h.outcomes.filter((o) => o.id === first.eventId)
    await vi.waitFor(() => expect(outcomes()).toHaveLength(2))
    expect(outcomes().map((o) => o.action)).toEqual(['replied', 'duplicate'])
    const posts = postsIn('D1ZHANG')
    expect(posts).toHaveLength(2)
    expect(posts[1]?.params.text).toContain('已记录')
    expect(await updatesBy('U0ZHANG')).toHaveLength(1)
    expect((await updatesBy('U0ZHANG'))[0]).toMatchObject({ task: 20, unit: '知识产权促进科' })
  })

  it('answers a message once when it arrives both as app_mention and as a channel message', async () => {
    const ts = slackTs()
    const text = mention('商标工作谁牵头？')
    const a = await h.ask({ type: 'app_mention', channel: 'C1TWICE', text, ts })
    const b = await h.ask({ type: 'message', channel: 'C1TWICE', text, ts })
    expect([a.outcome.action, b.outcome.action]).toEqual(['replied', 'duplicate'])
    expect(postsIn('C1TWICE')).toHaveLength(1)
  })

  it('rejects a bad signature with 401 and stores nothing', async () => {
    await h.ask(dm('D1FORGED', 'U0FORGE', '我是知识产权促进科的'))
    const forged = await h.event(dm('D1FORGED', 'U0FORGE', '进度 20 伪造的进度'), { secret: 'not-the-secret' })
    expect(forged.status).toBe(401)
    expect(await updatesBy('U0FORGE')).toHaveLength(0)
    expect(postsIn('D1FORGED')).toHaveLength(1) // the binding reply only
    // The same event, properly signed, is still new: the forged copy claimed nothing.
    expect((await h.resend(forged.body)).status).toBe(200)
    expect((await h.outcome(forged.eventId)).action).toBe('replied')
    expect(await updatesBy('U0FORGE')).toHaveLength(1)
  })

  it('rejects a stale timestamp with 401', async () => {
    const stale = await h.event(dm('D1STALE', 'U0STALE', '商标工作谁牵头？'), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    })
    expect(stale.status).toBe(401)
    expect((await h.resend(stale.body)).status).toBe(200)
    await h.outcome(stale.eventId)
    expect(h.outcomes.filter((o) => o.id === stale.eventId)).toHaveLength(1)
    expect(postsIn('D1STALE')).toHaveLength(1)
  })

  it('waits out a 429 with Retry-After and still delivers the reply', async () => {
    h.api.rateLimitOnce('chat.postMessage', 1)
    const { outcome } = await h.ask(dm('D1LIMIT', 'U0LIMIT', '商标工作谁牵头？'))
    expect(outcome).toMatchObject({ action: 'replied', delivered: true })
    const attempts = h.api.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === 'D1LIMIT')
    expect(attempts.map((c) => c.status)).toEqual([429, 200])
    expect(attempts[1]?.params.text).toContain('知识产权')
  })

  it('escapes a logged <!channel> in replies and summaries, so nobody is pinged', async () => {
    await h.ask(dm('D1PING', 'U0PING', '我是知识产权促进科的'))
    const logged = await h.ask(dm('D1PING', 'U0PING', '进度 20 截至6月底发明专利申请量1300件 <!channel>'))
    expect(logged.outcome).toMatchObject({ action: 'replied', intent: 'log_progress' })
    expect((await updatesBy('U0PING'))[0]?.text).toContain('<!channel>') // stored as typed
    await h.ask(dm('D1PING', 'U0PING', '第20条进展如何'))
    const summary = await h.ask({ channel: 'C1PING', text: mention('知识产权促进科汇总'), user: 'U0BOSS' })
    expect(summary.outcome.intent).toBe('scoped_summary')
    const echoes = [...postsIn('D1PING'), ...postsIn('C1PING')].filter((p) => JSON.stringify(p.params).includes('!channel'))
    expect(echoes.length).toBe(3) // 已记录, 进展, 汇总
    for (const post of echoes) {
      const wire = JSON.stringify(post.params)
      expect(wire).toContain('&lt;!channel&gt;')
      expect(wire).not.toContain('<!channel>')
    }
    expect(blocksOf(postsIn('C1PING')[0]).some((b) => b.text.text.includes('&lt;!channel&gt;'))).toBe(true)
  })

  it('renders a summary as Block Kit: header, sections of at most 3,000 characters, plain-text fallback', async () => {
    const { outcome } = await h.ask({ channel: 'C1SUMMARY', text: mention('汇总'), user: 'U0BOSS' })
    expect(outcome.intent).toBe('summary')
    const [post, ...more] = postsIn('C1SUMMARY')
    expect(more).toHaveLength(0)
    const blocks = blocksOf(post)
    expect(blocks[0]?.type).toBe('header')
    expect(blocks[0]?.text.text).toContain('64')
    expect(blocks.length).toBeGreaterThan(1)
    for (const b of blocks.slice(1)) {
      expect(b.type).toBe('section')
      expect(b.text.text.length).toBeLessThanOrEqual(3000)
    }
    expect(String(post?.params.text)).toContain('64')
  })

  it('splits a long summary section over several blocks, lines in order', async () => {
    // The tasks a unit leads, each with its latest report: long reports make one long section.
    const clerk = { user: 'slack:U0SEED', platform: 'slack' as const }
    await h.runtime.bot.handle({ ...clerk, text: '我是知识产权促进科的' })
    for (const task of [20, 21, 22, 27, 28])
      await h.runtime.bot.handle({
        ...clerk,
        text: `进度 ${task} ${'组织企业开展专利导航、质押融资对接和政策宣讲，'.repeat(30)}`,
        messageId: `long-${task}`,
      })
    await h.ask({ channel: 'C1RED', text: mention('知识产权促进科汇总'), user: 'U0BOSS' })
    const reference = await h.runtime.bot.handle(asBoss('知识产权促进科汇总'))
    const lines = reference.sections?.flatMap((s) => s.lines) ?? []
    expect(reference.reply.length).toBeGreaterThan(3000)
    const blocks = postsIn('C1RED').flatMap(blocksOf)
    const sections = blocks.filter((b) => b.type === 'section')
    expect(sections.length).toBeGreaterThan(1)
    for (const b of sections) expect(b.text.text.length).toBeLessThanOrEqual(3000)
    const sent = sections.flatMap((b) => b.text.text.split('\n')).filter((l) => !/^\*.*\*$/.test(l))
    expect(sent).toEqual(lines)
  })

  it('splits a long plain reply into messages of at most 3,000 characters, in order', async () => {
    await h.seedUpdates('U0LONG', 21, 40)
    await h.ask(dm('D1LONG', 'U0LONG', '第21条全部进展'))
    const texts = postsIn('D1LONG').map((p) => String(p.params.text))
    expect(texts.length).toBeGreaterThan(1)
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(3000)
    expect(texts[0]).toMatch(/^第21条/)
    const order = [...texts.join('\n').matchAll(/第(\d+)次报送/g)].map((m) => Number(m[1]))
    expect(order).toEqual(Array.from({ length: 40 }, (_, i) => 40 - i))
  })

  it('answers the slash command through its response_url, visible to the asker only', async () => {
    const sent = await h.command({ text: '商标工作谁牵头？', channel: 'C1SLASH' })
    expect(sent.status).toBe(200)
    expect((await h.outcome(sent.triggerId)).action).toBe('replied')
    const [answer] = h.api.ok('respond')
    expect(answer?.params.response_type).toBe('ephemeral')
    expect(answer?.params.text).toContain('知识产权')
  })
})

function asBoss(text: string): IncomingMessage {
  return { text, user: 'slack:U0BOSS', platform: 'slack' }
}
