import { describe, expect, it } from 'vitest'
import { canonical, startsWithCommand, stripSelfMention } from '../src/adapters/wechat/addressing.js'

describe('startsWithCommand', () => {
  it.each([
    '汇总',
    '进度 20 截至6月底发明专利申请量1200件',
    '进度20已完成',
    '帮助',
    '报送：第3条',
    '汇总？',
    '报送进度 20 已完成',
    '导出台账',
    '#20 已申请1200件',
    '批准 wechat:abc',
    '　进度　20',
  ])('takes 「%s」 as addressed to the bot', (text) => expect(startsWithCommand(text)).toBe(true))

  it.each(['汇总一下大家的意见', '进度怎么样了大家', '请大家报送', '商标工作谁牵头？', '#话题#', ''])(
    'leaves 「%s」 to the people in the room',
    (text) => expect(startsWithCommand(text)).toBe(false),
  )

  it('uses the word list it is given', () => {
    expect(startsWithCommand('督办 20', ['督办'])).toBe(true)
    expect(startsWithCommand('汇总', ['督办'])).toBe(false)
  })
})

describe('stripSelfMention', () => {
  it('removes the mention WeChat writes (name + U+2005) wherever it stands', () => {
    expect(stripSelfMention('@要点助手\u2005商标工作谁牵头？', ['要点助手'])).toBe('商标工作谁牵头？')
    expect(stripSelfMention('第20条 @要点助手\u2005进展如何', ['要点助手'])).toBe('第20条 进展如何')
    expect(stripSelfMention('商标工作谁牵头？ @要点助手', ['要点助手'])).toBe('商标工作谁牵头？')
  })

  it('removes the room alias as well as the account name, and keeps other people’s mentions', () => {
    expect(stripSelfMention('@小助手 @张三 的任务', ['小助手', '要点助手'])).toBe('@张三 的任务')
  })

  it('does not cut a longer name that merely starts with the bot’s', () => {
    expect(stripSelfMention('@要点助手2 你好', ['要点助手'])).toBe('@要点助手2 你好')
  })

  it('treats names as text, not patterns', () => {
    expect(stripSelfMention('@a.b (c) 汇总', ['a.b (c)'])).toBe('汇总')
  })
})

describe('canonical', () => {
  it('folds full-width forms and drops zero-width characters', () => {
    expect(canonical('\u200b进度　２０ ')).toBe('进度 20')
  })

  it('folds traditional script as the core does, so 進度 is a command word too', () => {
    expect(canonical('進度 20')).toBe('进度 20')
    expect(startsWithCommand('進度 20 已完成')).toBe(true)
  })
})
