import { escapeRegExp } from '../text/regexp.js'
import type { DatedEvent, Target } from './types.js'

/**
 * Numeric targets and dated events written inline in a task ("发明专利申请量2000件以上",
 * "网办率达到97%", "4.26知识产权宣传周"). Pure functions over one task's text.
 */

/** Measure words and signs that make a number a target; longest first so 万户 wins over 户. */
export const MEASURES = [
  '万亿元',
  '千亿元',
  '亿美元',
  '万美元',
  '微克/立方米',
  '毫克/立方米',
  '毫克/升',
  '亿立方米',
  '万立方米',
  '万千瓦时',
  '万平方米',
  '平方米',
  '立方米',
  '万亩',
  '公顷',
  '千瓦',
  '万吨',
  '万人次',
  '个工作日',
  '工作日',
  '万人',
  '万名',
  '万个',
  '万套',
  '亿斤',
  '万斤',
  '场次',
  '万户',
  '万家',
  '万件',
  '万元',
  '亿元',
  '万吨',
  '公里',
  '条次',
  '人次',
  '家次',
  '批次',
  '户次',
  '%',
  '户',
  '家',
  '个',
  '件',
  '项',
  '条',
  '次',
  '处',
  '名',
  '人',
  '所',
  '座',
  '台',
  '套',
  '批',
  '场',
  '期',
  '篇',
  '吨',
  '亩',
  '元',
  '亿',
  '万',
  '天',
  '倍',
  '份',
  '起',
  '类',
  '支',
  '只',
  '辆',
  '栋',
  '米',
] as const

const QUALIFIER_BEFORE = [
  '累计达到',
  '达到',
  '提升至',
  '提高到',
  '控制在',
  '不少于',
  '不低于',
  '超过',
  '增长',
  '达',
  '提高',
  '减少',
  '下降',
]
const QUALIFIER_AFTER = ['以上', '以内', '以下', '左右']
/** Words that begin a clause but say nothing about what is measured. */
const LEADING_FILLER = /^(?:力争|确保|其中|全市|全年|年内|实现|并|且|和|及)+/

const NUMBER = String.raw`(?<![\d.])(\d+(?:\.\d+)?)`
const TARGET_RE = new RegExp(
  `(${QUALIFIER_BEFORE.join('|')})?${NUMBER}\\s*(${MEASURES.map(escapeRegExp).join('|')})(${QUALIFIER_AFTER.join('|')})?`,
  'g',
)
/** Clause boundaries for quoting a target: Chinese and Western sentence punctuation. */
const CLAUSE_END = /[，。；;,！!？?]/

export function extractTargets(text: string): Target[] {
  const targets: Target[] = []
  for (const clause of clauses(text)) {
    let consumed = 0
    for (const m of clause.matchAll(TARGET_RE)) {
      const index = m.index ?? 0
      const [, before = '', value = '', unit = '', after = ''] = m
      if (isNotATarget(clause, index + before.length, value, unit)) continue
      const end = index + m[0].length
      const prefix = clause
        .slice(consumed, index)
        .replace(/^[、和及]/, '')
        .replace(LEADING_FILLER, '')
        .trim()
      const following =
        clause
          .slice(end)
          .split(/[、和]/)[0]
          ?.trim() ?? ''
      // 「培训100名质量管理人员、200名计量检定员」: after a list separator the text before the figure
      // is the last item's noun; number-first, the measured thing follows the figure.
      const listItem = consumed > 0 && /[、和及与]$/.test(prefix)
      // "创建10家无理由退货承诺单位": a bare verb before the figure; the measured thing follows it.
      const metric = listItem && following ? following : prefix.length < 4 ? `${prefix}${following}` : prefix
      targets.push({ metric, value: Number(value), unit, qualifier: before || after, sentence: clause.trim() })
      consumed = end
    }
  }
  return targets
}

/** A year (2022年), a month/day (6月, 12315) or the digits of a name (365人才计划) is not a target. */
function isNotATarget(clause: string, at: number, value: string, unit: string): boolean {
  const next = clause[at + value.length] ?? ''
  // 「365人才计划」: 人 starts a word (人才, 人员), so the figure counts nothing.
  if (unit === '人' && /^人[才员民口]/.test(clause.slice(at + value.length).trimStart())) return true
  if (next === '年' || next === '月' || next === '日') return true
  return unit === '' && value.length === 4
}

function clauses(text: string): string[] {
  return text.split(CLAUSE_END).filter((c) => /\d/.test(c))
}

/**
 * Month-day dates in the plan: 4.26, 3·15, “5·17…”, 3月15日. A figure followed by a measure word
 * (7.6件, 1.5亿元) is not a date.
 */
const DATE_RE = new RegExp(
  String.raw`(?<![\d.])(1[0-2]|0?[1-9])\s*(?:[.·・]|月)\s*(3[01]|[12]\d|0?[1-9])(?:日|号)?(?![\d%]|\s*(?:${MEASURES.map(escapeRegExp).join('|')}))`,
  'g',
)

export function extractEvents(text: string): DatedEvent[] {
  const events: DatedEvent[] = []
  for (const m of text.matchAll(DATE_RE)) {
    const end = (m.index ?? 0) + m[0].length
    const name = (text.slice(end).match(/^[“"]?([^，。；、,()（）”"]+)/)?.[1] ?? '').trim()
    if (!name) continue
    events.push({ month: Number(m[1]), day: Number(m[2]), name })
  }
  return events
}

/** Finds month-day dates in a question ("3月15日", "3.15", "5·17"), for matching against events. */
export function datesIn(text: string): { month: number; day: number }[] {
  return [...text.matchAll(DATE_RE)].map((m) => ({ month: Number(m[1]), day: Number(m[2]) }))
}
