import { describe, expect, it } from 'vitest'
import { reportParts } from '../src/core/progress/report-parts.js'
import { asTyped, originalTail } from '../src/core/text/as-sent.js'

/**
 * A report's 本月进展 / 存在问题 / 下步计划, by their labels or as free text, cut from the text as
 * written; and the report's text as typed, recovered from the message behind the normalised command.
 */

describe('reportParts: labels', () => {
  it('reads the three labels with full-width colons, keeping the user’s punctuation', () => {
    expect(reportParts('本月进展：走访企业12家，完成培训2场。存在问题：企业配合度不高；下步计划：7月底前完成全部走访。')).toEqual({
      progress: '走访企业12家，完成培训2场。',
      problems: '企业配合度不高',
      next: '7月底前完成全部走访。',
    })
  })

  it('text before the first label is progress; numbered, bracketed and traditional labels count', () => {
    expect(reportParts('已完成年度方案。\n二、存在的困难：经费不足\n【下一步打算】争取专项资金')).toEqual({
      progress: '已完成年度方案。',
      problems: '经费不足',
      next: '争取专项资金',
    })
    expect(reportParts('進展順利。存在問題：人手緊張。下步計劃：增派人員。')).toEqual({
      progress: '進展順利。',
      problems: '人手緊張。',
      next: '增派人員。',
    })
  })

  it('a label word inside a sentence is not a label', () => {
    expect(reportParts('针对存在问题较多的企业开展回访20家')).toEqual({
      progress: '针对存在问题较多的企业开展回访20家',
      problems: null,
      next: null,
    })
  })
})

describe('reportParts: free text', () => {
  it('sentences opening with a problem or a plan go to their part; the rest is progress', () => {
    expect(reportParts('完成专项检查3次。目前存在的问题是检测设备老化。下一步将申请设备更新。')).toEqual({
      progress: '完成专项检查3次。',
      problems: '目前存在的问题是检测设备老化。',
      next: '下一步将申请设备更新。',
    })
  })

  it('a report without either is all progress', () => {
    expect(reportParts('截至6月底发明专利申请量1200件')).toEqual({ progress: '截至6月底发明专利申请量1200件', problems: null, next: null })
  })
})

describe('the text as typed', () => {
  it('finds the report behind a normalised command: full-width, traditional, Chinese numerals', () => {
    expect(originalTail('进度 ２０：截至６月底，申请量１２００件（含PCT）', '截至6月底,申请量1200件(含PCT)')).toBe(
      '截至６月底，申请量１２００件（含PCT）',
    )
    expect(originalTail('進度 20 發明專利申請量1200件', '发明专利申请量1200件')).toBe('發明專利申請量1200件')
    expect(originalTail('进度 二十三 已完成', '已完成')).toBe('已完成')
    expect(originalTail('<@U0BOT> 进度 20 已完成', '已完成')).toBe('已完成')
  })

  it('drops what nobody sees (zero-width and control characters), nothing else', () => {
    expect(asTyped('进度 2\u200B0 发明专利申请量1\u200B200件，\u0007好', '发明专利申请量1200件,好')).toBe('发明专利申请量1200件，好')
  })

  it('falls back to the normalised text when no tail matches', () => {
    expect(originalTail('完全不同的消息', '已完成')).toBeNull()
    expect(asTyped('完全不同的消息', '已完成')).toBe('已完成')
  })
})
