import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Plan, Task } from '../src/core/plan/types.js'
import { chineseNumeral } from '../src/core/text/chinese-numerals.js'
import { prng } from './stats.js'

/**
 * The fixed question mix: every question of the shared dev set, then generated variants drawn
 * from the corpus's own plan with a seeded PRNG (same plan → same questions, same order). Only
 * read-only questions: nothing here binds a user, logs progress or exports a file.
 */

export interface DevItem {
  q: string
  type: string
  tasks?: number | number[]
  lead?: string | string[]
  unit?: string
  must?: string | string[]
  all?: number | number[]
  allow?: number | number[]
  any?: string | string[]
}

export interface MixItem {
  q: string
  kind: string
}

/**
 * The shared dev set: BENCH_DEV_QUESTIONS, else ../shared/eval/dev-questions.jsonl beside the
 * checkout. A fresh clone has neither; the bench then runs on generated questions only.
 */
export const DEV_QUESTIONS =
  process.env.BENCH_DEV_QUESTIONS || fileURLToPath(new URL('../../shared/eval/dev-questions.jsonl', import.meta.url))

/** The dev items, or none (with a note on stderr) when the shared set is absent. */
export function readDevItems(file = DEV_QUESTIONS): DevItem[] {
  if (!existsSync(file)) {
    process.stderr.write(`bench: no shared question set at ${file}; using generated questions only\n`)
    return []
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DevItem)
}

const LEAD_FORMS = ['{k}谁牵头', '{k}由哪个科室负责', '{k}归谁管', '谁负责{k}', '{k}找谁']
const TARGET_FORMS = ['{k}目标是多少', '{k}要达到多少', '{k}的目标']
const UNIT_FORMS = ['{u}负责哪些任务', '{u}有哪些工作', '{u}要配合哪些工作', '{u}牵头几项任务']
const SECTION_FORMS = ['第{n}部分有哪些任务', '第{c}部分有几条', '第{n}部分']
const TASK_FORMS = ['第{n}条', '任务{n}是什么', '第{c}条']
const KEYWORDS = [
  '商标',
  '专利',
  '食品安全',
  '价格',
  '广告',
  '计量',
  '特种设备',
  '药品',
  '化妆品',
  '米粉',
  '传销',
  '标准化',
  '地理标志',
  '网络交易',
]
const NONE = [
  '明天放假吗',
  '推荐一本好书',
  '今天天气怎么样',
  '股票怎么买',
  '高铁票怎么退',
  '世界杯谁夺冠了',
  '哪个科室负责登月计划',
  '年终奖什么时候发',
  '食堂几点开饭',
  '谁负责火星基地建设',
  '帮我写一首诗',
  '停车场收费标准是多少',
]
export const GENERATED_COUNTS = { lead: 40, target: 25, co: 10, unit: 20, keyword: 20, section: 12, task: 15, none: 12 }

/** A short phrase that names the work of a task: a quoted term, else the head of a clause. */
function phraseOf(task: Task, rand: () => number): string {
  const quoted = [...task.text.matchAll(/“([^”]{2,12})”/g)].map((m) => m[1] ?? '')
  if (quoted.length && rand() < 0.5) return quoted[Math.floor(rand() * quoted.length)] ?? ''
  const clauses = task.text.split(/[,，。；;：:]/).filter((c) => c.length >= 6)
  const clause = clauses[Math.floor(rand() * clauses.length)] ?? task.text
  return clause.slice(0, 6 + Math.floor(rand() * 6))
}

function pick<T>(list: T[], rand: () => number): T {
  const item = list[Math.floor(rand() * list.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

function fill(form: string, values: Record<string, string>): string {
  return form.replace(/\{(\w)\}/g, (_m, key: string) => values[key] ?? '')
}

/** Generated variants for this plan, in a fixed order. */
export function generatedQuestions(plan: Plan, seed = 20230101): MixItem[] {
  const rand = prng(seed)
  const tasks = plan.tasks
  const withTargets = tasks.filter((t) => t.targets.some((x) => x.metric.length >= 2 && x.metric.length <= 14))
  const withPartners = tasks.filter((t) => t.partners.some((u) => !u.placeholder))
  const units = [...new Set(tasks.flatMap((t) => (t.lead && !t.lead.placeholder ? [t.lead.name] : [])))]
  const out: MixItem[] = []
  for (let i = 0; i < GENERATED_COUNTS.lead; i++)
    out.push({ kind: 'lead', q: fill(pick(LEAD_FORMS, rand), { k: phraseOf(pick(tasks, rand), rand) }) })
  for (let i = 0; i < GENERATED_COUNTS.target; i++) {
    const task = pick(withTargets, rand)
    const metric = pick(
      task.targets.filter((x) => x.metric.length >= 2 && x.metric.length <= 14),
      rand,
    ).metric
    out.push({ kind: 'target', q: fill(pick(TARGET_FORMS, rand), { k: metric }) })
  }
  for (let i = 0; i < GENERATED_COUNTS.co; i++) out.push({ kind: 'co', q: `谁配合${phraseOf(pick(withPartners, rand), rand)}` })
  for (let i = 0; i < GENERATED_COUNTS.unit; i++) out.push({ kind: 'unit', q: fill(pick(UNIT_FORMS, rand), { u: pick(units, rand) }) })
  for (let i = 0; i < GENERATED_COUNTS.keyword; i++) out.push({ kind: 'keyword', q: pick(KEYWORDS, rand) })
  for (let i = 0; i < GENERATED_COUNTS.section; i++) {
    const n = pick(plan.sections, rand).number
    out.push({ kind: 'section', q: fill(pick(SECTION_FORMS, rand), { n: String(n), c: chineseNumeral(n) }) })
  }
  for (let i = 0; i < GENERATED_COUNTS.task; i++) {
    const n = pick(tasks, rand).number
    const form = n < 100 ? pick(TASK_FORMS, rand) : pick(TASK_FORMS.slice(0, 2), rand)
    out.push({ kind: 'task', q: fill(form, { n: String(n), c: chineseNumeral(n) }) })
  }
  for (let i = 0; i < GENERATED_COUNTS.none; i++) out.push({ kind: 'none', q: NONE[i % NONE.length] ?? '' })
  return out
}

/** The dev questions (kind dev:<type>) followed by the generated ones. */
export function questionMix(plan: Plan, dev: DevItem[] = readDevItems()): MixItem[] {
  return [...dev.map((d) => ({ q: d.q, kind: `dev:${d.type}` })), ...generatedQuestions(plan)]
}
