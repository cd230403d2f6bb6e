import { numberMark } from './numbering.js'

/**
 * The plan's title and preamble from the text before the first task. A published plan often starts
 * with a cover notice (文号, 关于印发…的通知, addressees, date) before the plan's own title line; the
 * title is the last short line that names a plan (工作要点, 方案, 计划, 分解表 …), a two-line title is
 * joined, and the notice's title is the fallback. Pure.
 */

const PLAN_WORDS = /(?:工作要点|要点|实施方案|方案|行动计划|计划|分解表|任务分工|分工|任务清单|清单|实施意见|意见|规划|安排|重点工作)/
/** How a title ends: the kind of document. */
const TITLE_END = /(?:通知|决定|意见|方案|要点|计划|规划|办法|安排|分解表|清单)$/
const NOT_TITLE = /^(?:附件[：:\d]*|.*〔\d{4}〕.*号|\d{4}年\d{1,2}月\d{1,2}日|（此件.*）|.*[：:])$/

export function planTitle(before: string[], file: string): { title: string; preamble: string[] } {
  const isCandidate = (line: string) =>
    line.length >= 4 && line.length <= 60 && !/[，,。；;]/.test(line) && !NOT_TITLE.test(line) && !numberMark(line)
  const named = before.map((l, k) => ({ l, k })).filter(({ l }) => isCandidate(l) && PLAN_WORDS.test(l))
  const plan = [...named].reverse().find(({ l }) => !/^关于.*通知$|通知$/.test(l)) ?? named.at(-1)
  // Without a line that names a plan, the first line is the title only if it stands first.
  const at = plan?.k ?? (before[0] && isCandidate(before[0]) ? 0 : -1)
  if (at < 0) return { title: deriveTitle(before.join(''), file), preamble: before }
  let from = at
  let to = at
  // 「某市人民政府办公室关于进一步加强」+「质量工作的通知」: a title over two lines.
  const joins = (a: string | undefined, b: string | undefined) =>
    !!a && !!b && isCandidate(a) && isCandidate(b) && /关于/.test(a) && !/关于/.test(b) && !TITLE_END.test(a) && TITLE_END.test(b)
  if (joins(before[at - 1], before[at])) from = at - 1
  else if (joins(before[at], before[at + 1])) to = at + 1
  return { title: before.slice(from, to + 1).join(''), preamble: before.filter((_, k) => k < from || k > to) }
}

/** A plan without a title line: "2023年,全市市场监管部门要…" → 2023年全市市场监管工作要点. */
function deriveTitle(preamble: string, file: string): string {
  const field = preamble.match(/(20\d{2})年[,，]?\s*(全[市区县省州盟])([\u4e00-\u9fa5]{2,8}?)(?:部门|系统|工作)/)
  if (field) return `${field[1]}年${field[2]}${field[3]}工作要点`
  const year = preamble.match(/(20\d{2})年/)?.[1]
  return year ? `${year}年工作要点` : file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')
}
