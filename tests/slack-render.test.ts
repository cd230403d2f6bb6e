import { describe, expect, it } from 'vitest'
import { escapeMrkdwn, mentionsUser, slackToPlain } from '../src/adapters/slack/mrkdwn.js'
import { renderReply, SLACK_LIMITS } from '../src/adapters/slack/render.js'
import type { BotReply } from '../src/core/message.js'

const reply = (text: string, extra: Partial<BotReply> = {}): BotReply => ({ intent: 'test', reply: text, tasks: [], ...extra })

describe('escapeMrkdwn', () => {
  it('escapes &, < and > so special mentions and links stay text', () => {
    expect(escapeMrkdwn('<!channel> & <@U1> > 1')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; &gt; 1')
  })
})

describe('slackToPlain', () => {
  it('removes the bot mention, names other people by user id and decodes entities', () => {
    const wire = '<@UBOT> 进度 20 &lt;已完成&gt; &amp; 见 <https://x.gov.cn/a|通知> 问<@U2|li>在 <#C1|general>'
    expect(slackToPlain(wire, 'UBOT')).toBe('进度 20 <已完成> & 见 通知 (https://x.gov.cn/a) 问 slack:U2 在 #general')
    expect(slackToPlain('<@UBOT> 批准 <@U0ZHANG>', 'UBOT')).toBe('批准 slack:U0ZHANG')
  })
  it('keeps the URL of a labelled link, so the stored report says where its attachment is', () => {
    expect(slackToPlain('进度 20 附件 <https://x.gov.cn/f?a=1&amp;b=2|附件>', 'UBOT')).toBe(
      '进度 20 附件 附件 (https://x.gov.cn/f?a=1&b=2)',
    )
    expect(slackToPlain('见 <https://x.gov.cn/a>', 'UBOT')).toBe('见 https://x.gov.cn/a')
    expect(slackToPlain('联系 <mailto:a@b.cn|a@b.cn>', 'UBOT')).toBe('联系 a@b.cn')
  })
  it('keeps a special mention as typed (it is escaped again on the way out)', () => {
    expect(slackToPlain('进度 20 <!channel>', 'UBOT')).toBe('进度 20 <!channel>')
  })
  it('tells a real mention from typed text', () => {
    expect(mentionsUser('<@UBOT> 汇总', 'UBOT')).toBe(true)
    expect(mentionsUser('@工作要点助手 汇总', 'UBOT')).toBe(false)
    expect(mentionsUser('<@UOTHER> 汇总', 'UBOT')).toBe(false)
  })
})

describe('renderReply', () => {
  it('sends a short reply as one escaped text message', () => {
    expect(renderReply(reply('第20条 <!here>'))).toEqual([{ text: '第20条 &lt;!here&gt;' }])
  })

  it('splits a long reply in order, each part at most 3,000 characters after escaping', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `第${i + 1}行 <&>`)
    const parts = renderReply(reply(lines.join('\n')))
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(3000)
    const back = parts.flatMap((p) => p.text.split('\n'))
    expect(back).toEqual(lines.map(escapeMrkdwn))
  })

  it('renders sections as a header and section blocks with the plain text as fallback', () => {
    const [message, ...more] = renderReply(
      reply('汇总：2个单位', {
        headline: '工作要点汇总 <2023>',
        sections: [
          { title: '知识产权促进科', lines: ['第20条 60% <!channel>'] },
          { title: '质量发展科', lines: [] },
        ],
      }),
    )
    expect(more).toHaveLength(0)
    expect(message?.text).toBe('汇总：2个单位')
    expect(message?.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: '工作要点汇总 <2023>', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*知识产权促进科*\n第20条 60% &lt;!channel&gt;' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*质量发展科*' } },
    ])
  })

  it('keeps every block within 3,000 characters and every message within 50 blocks', () => {
    const sections = Array.from({ length: 70 }, (_, s) => ({
      title: `单位${s + 1}`,
      lines: Array.from({ length: 60 }, (_, i) => `第${i + 1}条 进展说明 & 备注 ${'详'.repeat(40)}`),
    }))
    const messages = renderReply(reply('x'.repeat(5000), { headline: '汇总', sections }))
    expect(messages.length).toBeGreaterThan(1)
    for (const m of messages) {
      expect(m.blocks?.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage)
      expect(m.text.length).toBeLessThanOrEqual(3000)
      for (const b of m.blocks ?? []) expect(b.text.text.length).toBeLessThanOrEqual(3000)
    }
    const all = messages.flatMap((m) => m.blocks ?? []).map((b) => b.text.text)
    expect(all[0]).toBe('汇总')
    expect(all[1]?.startsWith('*单位1*')).toBe(true)
    expect(all.at(-1)).toContain('第60条')
    expect(all.filter((t) => t.startsWith('*单位')).length).toBe(70)
  })

  it('puts a headline too long for a header block into a bold section', () => {
    const [message] = renderReply(reply('x', { headline: '长'.repeat(200), sections: [{ title: 'a', lines: ['b'] }] }))
    expect(message?.blocks?.[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: `*${'长'.repeat(200)}*` } })
  })
})
