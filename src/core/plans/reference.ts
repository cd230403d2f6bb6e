import { escapeRegExp } from '../text/regexp.js'
import type { LibraryPlan, PlanLibrary } from './library.js'

/**
 * Which plan a question names: 「2023年第20条」「23年第20条」「去年的专利目标」「津市局的工作要点里…」
 * 「津市局2024年第3条」「《2024年…工作要点》第3条」「进度 2023年第20条 …」. A reference counts in
 * three places only, so the words of a question or a report are never mistaken for one:
 *   - right before a task number (…第20条);
 *   - at the start of the message (after 请问/那/进度 and the like);
 *   - anywhere, when followed by a plan word and a locative (2023年工作要点里…).
 * So 「较去年增长一倍」「已完成2024年计划的60%」「2024年底前完成什么」 stay as they are. Only the
 * reference is taken out of the text; what follows is untouched. Relative years are counted from
 * this year's plan (else the newest loaded): 去年 is the plan of the year before it. Pure.
 */

export type PlanChoice<T> =
  | { kind: 'none' }
  | { kind: 'plan'; plan: LibraryPlan<T>; text: string }
  /** The question names a plan that is not loaded, or several plans fit; `reply` says so. */
  | { kind: 'missing'; reply: string }

const PLAN_WORD = '(?:年度)?(?:工作要点|要点|工作计划|计划)'
const LOCATIVE = '(?:里面|里|中|上)'
/** Words before a reference at the start: 请问, 那, and the report command (进度, 报送). */
const LEAD_IN = '^(?:请问|麻烦问一下|问一下|查一下|看看|那么|那|进度|进展|报送|汇报)?\\s*'
const TASK_AHEAD = '(?=第\\s*\\d+\\s*[条项])'
/** A year that is a time inside the plan, not the plan: 2024年底, 2023年6月, 2024年上半年. */
const TIME_AFTER = /^(?:[底内初末中前\d]|上半年|下半年|第?[一二三四1-4]季度|\d{1,2}月)/
const RELATIVE: Record<string, number> = { 前年: -2, 去年: -1, 上年: -1, 上一年: -1, 今年: 0, 本年: 0, 明年: 1 }

interface Constraint {
  year?: number
  issuer?: string
  title?: string
  /** What the question called the plan, for the reply when it is not loaded. */
  said: string
}

interface Found {
  start: number
  end: number
  groups: Record<string, string | undefined>
  /** The text right after the reference (and its 的 / plan word). */
  after: string
  planWord: boolean
  atStart: boolean
}

export function planReference<T>(text: string, library: PlanLibrary<T>, nowYear: number): PlanChoice<T> {
  const [atStart, beforeTask, beforePlanWord] = patternsOf(library)
  const attempts: (() => Found | null)[] = [
    () => match(text, atStart, true),
    () => match(text, beforeTask, false),
    () => match(text, beforePlanWord, false),
  ]
  for (const attempt of attempts) {
    const found = attempt()
    if (!found) continue
    const wanted = constraintOf(found, library, nowYear)
    if (!wanted) continue
    return choose(library, wanted, `${text.slice(0, found.start)}${text.slice(found.end)}`, text)
  }
  return { kind: 'none' }
}

/** The three places a reference may stand, compiled once per library (not per message). */
const compiled = new WeakMap<object, [RegExp, RegExp, RegExp]>()
function patternsOf<T>(library: PlanLibrary<T>): [RegExp, RegExp, RegExp] {
  let patterns = compiled.get(library)
  if (!patterns) {
    const ref = referencePattern(library)
    patterns = [
      new RegExp(`(${LEAD_IN})${ref}(?:的)?(${PLAN_WORD}${LOCATIVE}?(?:的)?)?`),
      new RegExp(`()${ref}(?:的)?()${TASK_AHEAD}`),
      new RegExp(`()${ref}(?:的)?(${PLAN_WORD}${LOCATIVE}(?:的)?)`),
    ]
    compiled.set(library, patterns)
  }
  return patterns
}

/** The reference grammar: 《title》, or an issuer name and/or a year (2023年, 23年, 去年…). */
function referencePattern<T>(library: PlanLibrary<T>): string {
  const names = [...new Set(library.plans.flatMap((p) => p.identity.issuerNames))].sort((a, b) => b.length - a.length).map(escapeRegExp)
  const issuer = names.length ? `|(?<issuer>${names.join('|')})(?<issuerDe>的)?` : ''
  const year = `(?:(?<year>20\\d{2}|\\d{2})\\s*年(?:度)?|(?<rel>前年|去年|上一年|上年|今年|本年|明年)(?:度)?)`
  // Node 20 has no repeated group names: one optional head (title or issuer), one optional year,
  // and a look-ahead so that something of a reference is there.
  const starts = `(?=《|${names.length ? `${names.join('|')}|` : ''}\\d{2}\\s*年|20\\d{2}\\s*年|前年|去年|上一?年|今年|本年|明年)`
  return `${starts}(?:《(?<title>[^》]{2,80})》${issuer})?${year}?`
}

function match(text: string, re: RegExp, atStart: boolean): Found | null {
  const m = text.match(re)
  if (!m || m.index === undefined || !m.groups) return null
  const leadIn = atStart ? (m[1] ?? '') : ''
  const start = m.index + leadIn.length
  const end = m.index + m[0].length
  const planWord = Boolean(atStart ? m[m.length - 1] : m[2])
  return { start, end, groups: m.groups, after: text.slice(end), planWord, atStart }
}

/** What a found reference asks for, or null when, in its place, it is not a reference after all. */
function constraintOf<T>(found: Found, library: PlanLibrary<T>, nowYear: number): Constraint[] | null {
  const { title, issuer, year, rel } = found.groups
  const beforeTask = /^第\s*\d+\s*[条项]/.test(found.after)
  const wanted: Constraint[] = []
  if (title) {
    const p = library.plans.find((x) => x.identity.title.includes(title) || title.includes(x.identity.title))
    if (!p) return null
    wanted.push({ title: p.identity.title, said: `《${title}》` })
  }
  if (issuer) {
    const p = library.plans.find((x) => x.identity.issuerNames.includes(issuer))
    wanted.push({ issuer: p?.identity.issuer as string, said: issuer })
  }
  if (year) {
    const full = year.length === 2 ? 2000 + Number(year) : Number(year)
    const loaded = library.plans.some((p) => p.identity.year === full)
    // A bare year is a plan only where nothing says it is a time (2024年底前) and a plan of it is loaded;
    // a short year (23年) only before a task number or a plan word.
    if (!beforeTask && !found.planWord && !issuer && (!loaded || TIME_AFTER.test(found.after) || year.length === 2)) return null
    wanted.push({ year: full, said: `${full}年的工作要点` })
  }
  if (rel) {
    const y = relativeYear(rel, library, nowYear)
    wanted.push({ year: y, said: `${rel}（${y}年）的工作要点` })
  }
  if (wanted.length === 0) return null
  // An issuer alone (津市局…) names its plan only before a task number, a plan word, or with 的 at the
  // start (「津市局的专利目标」); 「津市局负责哪些任务」 asks about the bureau, not its plan.
  if (issuer && !year && !rel && !title && !beforeTask && !found.planWord && !(found.atStart && found.groups.issuerDe)) return null
  return wanted
}

function choose<T>(library: PlanLibrary<T>, wanted: Constraint[], rest: string, text: string): PlanChoice<T> {
  const fits = library.plans.filter((p) =>
    wanted.every(
      (c) =>
        (c.year === undefined || p.identity.year === c.year) &&
        (c.issuer === undefined || p.identity.issuer === c.issuer) &&
        (c.title === undefined || p.identity.title === c.title),
    ),
  )
  const said = wanted.map((c) => c.said).join('、')
  if (fits.length === 0) return { kind: 'missing', reply: `已载入的工作要点中没有${said}。现有：${library.listing()}。` }
  if (fits.length > 1 && !fits.includes(library.default))
    return {
      kind: 'missing',
      reply: `${said}有 ${fits.length} 份：${fits.map((p) => library.label(p)).join('、')}。请说明是哪一份，例如「${
        fits[0]?.identity.issuerNames.at(-1) ?? ''
      }${fits[0]?.identity.year ?? ''}年第1条」。`,
    }
  const chosen = fits.includes(library.default) ? library.default : (fits[0] as LibraryPlan<T>)
  const cleaned = rest.replace(/^[\s，,：:的]+/, '').trim()
  return { kind: 'plan', plan: chosen, text: cleaned || text }
}

/**
 * 去年 in 2026 with plans for 2023 and 2024: this year has no plan, so years count from the newest
 * loaded plan (2024), and 去年 is 2023. In 2024 with the same plans, 去年 is 2023 too.
 */
function relativeYear<T>(word: string, library: PlanLibrary<T>, nowYear: number): number {
  const years = library.plans.map((p) => p.identity.year).filter((y): y is number => y !== null)
  const base = years.includes(nowYear) || years.length === 0 ? nowYear : Math.max(...years)
  return base + (RELATIVE[word] ?? 0)
}
