import { describe, expect, it } from 'vitest'
import { startsWithCommand } from '../src/adapters/slack/addressing.js'
import { readEvent, type SlackIdentity } from '../src/adapters/slack/inbound.js'
import { eventEnvelope, type MessageEventInput, slackTs } from './helpers/slack-requests.js'

const identity: SlackIdentity = { userId: 'UBOT', botId: 'BBOT', teamId: 'T0TEAM', name: 'gzyd' }
const now = new Date('2025-06-30T08:00:00Z')
const read = (input: MessageEventInput) => readEvent(JSON.parse(eventEnvelope({ ts: slackTs(now, 100), ...input }).body), { identity })

describe('startsWithCommand', () => {
  it('takes a command word followed by an end, space, digit or punctuation', () => {
    for (const text of ['进度 20 已完成', '进度20', '汇总', '帮助？', '　汇总', '撤回：上一条']) expect(startsWithCommand(text)).toBe(true)
  })
  it('does not take ordinary sentences that merely begin with the same characters', () => {
    for (const text of ['汇总一下大家的意见', '进度条卡住了', '商标工作谁牵头？', '']) expect(startsWithCommand(text)).toBe(false)
  })
})

describe('readEvent', () => {
  it('accepts a mention, strips it and replies in the thread of the message', () => {
    const result = read({ type: 'app_mention', channel: 'C1', text: '<@UBOT> 商标工作谁牵头？', ts: '1751270400.000100' })
    expect(result).toMatchObject({
      kind: 'accept',
      channel: 'C1',
      threadTs: '1751270400.000100',
      message: { text: '商标工作谁牵头？', user: 'slack:U0ZHANG', platform: 'slack', messageId: 'slack:C1:1751270400.000100' },
    })
    expect(result.kind === 'accept' && result.keys).toEqual([expect.stringMatching(/^slack:Ev/), 'slack:C1:1751270400.000100'])
  })

  it('answers a bare mention with help', () => {
    expect(read({ type: 'app_mention', text: '<@UBOT>' })).toMatchObject({ kind: 'accept', message: { text: '帮助' } })
  })

  it('replies to a top-level direct message outside any thread', () => {
    expect(read({ channel: 'D1', channel_type: 'im', text: '汇总一下' })).toMatchObject({ kind: 'accept', threadTs: undefined })
  })

  it('names the reason for every message it drops', () => {
    const cases: Array<[MessageEventInput, string | RegExp]> = [
      [{ text: '<@UBOT> 汇总', user: 'UBOT' }, 'own message'],
      [{ text: '汇总', bot_id: 'BBOT', subtype: 'bot_message' }, 'own message'],
      [{ text: '汇总', bot_id: 'B2', subtype: 'bot_message' }, 'message from another bot'],
      [{ text: '汇总', bot_id: 'B2', user: 'U2' }, 'message from another bot'],
      [{ text: '汇总', subtype: 'message_changed' }, 'message subtype message_changed'],
      [{ text: '汇总', subtype: 'channel_join' }, 'message subtype channel_join'],
      [{ text: '商标工作谁牵头？' }, 'channel message not addressed to the bot'],
      [{ text: '@工作要点助手 商标工作谁牵头？' }, 'channel message not addressed to the bot'],
    ]
    for (const [input, reason] of cases) expect(read(input)).toMatchObject({ kind: 'drop', reason })
  })

  it('accepts a late delivery: Slack never replays history, so an old ts is a retry or a delayed first delivery', () => {
    const late = read({ channel: 'D1', channel_type: 'im', text: '进度 20 已完成', ts: slackTs(new Date(now.getTime() - 3600_000)) })
    expect(late).toMatchObject({ kind: 'accept', message: { text: '进度 20 已完成' } })
  })

  it('drops events it does not read without throwing', () => {
    expect(readEvent({ event_id: 'Ev1', event: { type: 'reaction_added' } }, { identity })).toEqual({
      kind: 'drop',
      eventId: 'Ev1',
      reason: 'not a message event',
    })
  })
})
