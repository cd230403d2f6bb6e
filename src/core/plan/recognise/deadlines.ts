import { LABEL_KIND } from './unit-labels.js'

/**
 * When a task is due, as the plan writes it: a 完成时限 column or label, or a date phrase in the task
 * text (「6月底前」「2012年10月底前」「年底前」). Kept as written; turning it into a date is the job of
 * whoever computes 序时进度. Pure.
 */

const WHEN = String.raw`(?:(?:20\d{2}|19\d{2})年(?:底|末|中|内)|(?:(?:20\d{2}|19\d{2})年)?(?:\d{1,2}月(?:底|末|中旬|上旬|下旬|\d{1,2}日)?|年底|年末|年中|上半年|下半年|年内|第[一二三四1-4]季度末?|[一二三四1-4]季度末?))`
/** 「于2012年10月底前」「6月底前完成」「年底前」 */
const DUE_RE = new RegExp(`${WHEN}(?:前|以前|之前)`, 'g')
/** Words that stand for a deadline in a 时限 cell though they name no date (or only a season). */
const ONGOING_RE = /^(?:持续推进|长期坚持|长期|持续|常态化|全年|每年|每半年|每季度|每月|每周|按要求|按时间节点|适时|[春夏秋冬]{1,2}季)/

/** 「（2025年底前）」「（长期坚持）」: a bracket holding only when. */
const BRACKETED_WHEN_RE = /[（(]\s*([^（）()]{2,16}?)\s*[）)]/g
/** 「…，长期坚持。」「…，全年推进。」: a standing phrase closing the text. */
const CLOSING_WHEN_RE = /[，,；;]\s*(长期坚持|持续推进|常态化推进|全年(?:推进|开展|实施)?)\s*[。；;]?$/
/** 「春秋季各开展一次」「每年春季开展」: a season the work is done in. */
const SEASON_RE = /(?:^|[于在，,、])((?:每年)?[春夏秋冬]{1,2}季)(?=各|开展|组织|集中|实施)/

/**
 * The deadline written in a task's text, or null: the last 「…前」 phrase (the final step's date),
 * else a bracket holding only when (「（长期坚持）」), a standing phrase closing the text (「，长期坚持。」)
 * or the season the work is done in (「春秋季各开展一次」).
 */
export function deadlineInText(text: string): string | null {
  const all = [...text.matchAll(DUE_RE)].map((m) => m[0])
  if (all.length) return all.at(-1) ?? null
  const bracketed = [...text.matchAll(BRACKETED_WHEN_RE)]
    .filter((m) => (m.index ?? 0) > 0)
    .map((m) => m[1] ?? '')
    .filter((w) => looksLikeDeadline(w) && !/[，,。]/.test(w))
  if (bracketed.length) return bracketed.at(-1) ?? null
  return text.match(CLOSING_WHEN_RE)?.[1] ?? text.match(SEASON_RE)?.[1] ?? null
}

/** Whether a table cell reads as a deadline (for finding a 时限 column by its contents). */
export function looksLikeDeadline(cell: string): boolean {
  const c = cell.trim()
  if (!c || c.length > 30) return false
  return ONGOING_RE.test(c) || new RegExp(`^${WHEN}`).test(c) || /^20\d{2}年/.test(c) || /^\d{4}[-./]\d{1,2}/.test(c)
}

const DEADLINE_LABELS = [...LABEL_KIND].flatMap(([label, kind]) => (kind === 'deadline' ? [label] : [])).sort((a, b) => b.length - a.length)

/** 「完成时限：6月底前」「工作进度：5月前完成」, in brackets or not, on the task's line or a line of its own. */
export const DEADLINE_LABEL_RE = new RegExp(
  `[（(【[]?\\s*(?:${DEADLINE_LABELS.join('|')})\\s*[:：]\\s*([^）)】\\]\\n。；;]+)[）)】\\]]?[。；;]?`,
)

/** A line that is only a deadline label. */
export const DEADLINE_LINE_RE = new RegExp(`^[（(【[]?\\s*(?:${DEADLINE_LABELS.join('|')})\\s*[:：]`)

/** The labelled deadline in a text and the text without it; null when there is no label. */
export function takeDeadlineLabel(text: string): { deadline: string; text: string } | null {
  const m = text.match(DEADLINE_LABEL_RE)
  if (!m || m.index === undefined) return null
  return { deadline: trimDeadline(m[1] ?? ''), text: `${text.slice(0, m.index)}${text.slice(m.index + m[0].length)}` }
}

/** 「每月10日前报送进展」 → 每月10日前: the date, not what is to be done by it. */
export function trimDeadline(deadline: string): string {
  const d = deadline.trim()
  return d.match(/^(.*?前)(?=[\u4e00-\u9fa5]{2,})/)?.[1] ?? d
}
