import type { LibraryPlan, PlanLibrary } from './library.js'

/**
 * Which plan a question names, when several are loaded: 「2023年第20条」「去年的专利目标」
 * 「津市局的工作要点里…」「《2024年…工作要点》第3条」. The reference is taken out of the text, so
 * the rest is routed as if asked of that plan. A bare year counts only where it names a plan (before
 * 第N条, 工作要点, or 「2023年的…」 at the start), never inside a question (「2024年底前完成什么」).
 * Relative years are read from the clock: 去年 is last year's plan, or else the one before the
 * newest; 今年 is this year's plan, or else the newest. Pure.
 */

export type PlanChoice<T> =
  | { kind: 'none' }
  | { kind: 'plan'; plan: LibraryPlan<T>; text: string }
  /** The question names a plan that is not loaded; `reply` says so and lists what is. */
  | { kind: 'missing'; reply: string }

const PLAN_WORD = '(?:年度)?(?:工作要点|要点|工作计划|计划)'
const INSIDE = '(?:里面|里|中|上)?(?:的)?'
const YEAR = '(20\\d{2})\\s*年(?:度)?'
const RELATIVE: Record<string, number> = { 前年: -2, 去年: -1, 今年: 0, 明年: 1 }

interface Constraint {
  year?: number
  issuer?: string
  title?: string
  /** What the question called the plan, for the reply when it is not loaded. */
  said: string
}

export function planReference<T>(text: string, library: PlanLibrary<T>, nowYear: number): PlanChoice<T> {
  let rest = text
  const wanted: Constraint[] = []
  const take = (re: RegExp, make: (m: RegExpMatchArray) => Constraint | null) => {
    const m = rest.match(re)
    if (!m || m.index === undefined) return
    const c = make(m)
    if (!c) return
    wanted.push(c)
    rest = `${rest.slice(0, m.index)}${rest.slice(m.index + m[0].length)}`
  }
  // 《…》 naming a loaded plan's title.
  take(/《([^》]{2,80})》(?:的)?/, (m) => {
    const said = m[1] as string
    const p = library.plans.find((x) => x.identity.title.includes(said) || said.includes(x.identity.title))
    return p ? { title: p.identity.title, said: `《${said}》` } : null
  })
  // 津市局的工作要点里 / 津市局2024年的第3条: an issuer's name followed by a plan word or a year.
  const names = library.plans.flatMap((p) => p.identity.issuerNames.map((name) => ({ name, issuer: p.identity.issuer as string })))
  for (const { name, issuer } of names.sort((a, b) => b.name.length - a.name.length)) {
    if (wanted.some((c) => c.issuer)) break
    take(new RegExp(`${escapeRegExp(name)}(?:的)?(?=${PLAN_WORD}|20\\d{2}\\s*年|第\\s*\\d+\\s*[条项])(?:${PLAN_WORD}${INSIDE})?`), () => ({
      issuer,
      said: name,
    }))
  }
  // 2023年工作要点里 / 2023年第20条 / 「2023年的专利目标」 at the start.
  take(new RegExp(`${YEAR}(?:的)?${PLAN_WORD}${INSIDE}`), (m) => ({ year: Number(m[1]), said: `${m[1]}年的工作要点` }))
  take(new RegExp(`${YEAR}(?:的)?(?=第\\s*\\d+\\s*[条项])`), (m) => ({ year: Number(m[1]), said: `${m[1]}年的工作要点` }))
  // 「2023年的专利目标」「2023年专利目标多少」: a loaded plan's year opening the question, not a time in it.
  take(new RegExp(`^${YEAR}(?:的)?(?![底内初末中前\\d]|上半年|下半年|第?[一二三四1-4]季度|\\d{1,2}月)`), (m) =>
    library.plans.some((p) => p.identity.year === Number(m[1])) ? { year: Number(m[1]), said: `${m[1]}年的工作要点` } : null,
  )
  take(new RegExp(`(前年|去年|今年|明年)(?:度)?(?:的)?(?:${PLAN_WORD})?${INSIDE}`), (m) => {
    const word = m[1] as string
    return { year: relativeYear(word, library, nowYear), said: `${word}（${relativeYear(word, library, nowYear)}年）的工作要点` }
  })
  if (wanted.length === 0) return { kind: 'none' }
  const fits = library.plans.filter((p) =>
    wanted.every(
      (c) =>
        (c.year === undefined || p.identity.year === c.year) &&
        (c.issuer === undefined || p.identity.issuer === c.issuer) &&
        (c.title === undefined || p.identity.title === c.title),
    ),
  )
  const text2 = rest.replace(/^[\s，,：:的]+/, '').trim()
  if (fits.length === 0)
    return { kind: 'missing', reply: `已载入的工作要点中没有${wanted.map((c) => c.said).join('、')}。现有：${library.listing()}。` }
  const chosen = fits.includes(library.default) ? library.default : (fits.at(-1) as LibraryPlan<T>)
  return { kind: 'plan', plan: chosen, text: text2 || text }
}

/**
 * 去年 in 2026 with plans for 2023 and 2024: no 2025 plan, so the one before the newest (2023) —
 * people say 去年 meaning "the previous plan" as often as "the calendar year before".
 */
function relativeYear<T>(word: string, library: PlanLibrary<T>, nowYear: number): number {
  const offset = RELATIVE[word] ?? 0
  const calendar = nowYear + offset
  if (library.plans.some((p) => p.identity.year === calendar)) return calendar
  const newest = library.default.identity.year ?? nowYear
  return newest + offset
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
