import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import type { Plan, Task, UnitMention } from '../src/core/plan/types.js'
import { chineseNumeral } from '../src/core/text/chinese-numerals.js'

/**
 * The synthetic corpus: varied copies of the bundled plan written as one plan text file and read
 * back by the real parser. Copy c renumbers the tasks, scales the figures that carry a measure
 * word (5万户 → 6万户), swaps some verbs for synonyms, and (for c > 0) moves the units to a
 * district (质量发展科 → 鼎城质量发展科), so there are ~600 units, not 60. Section headings only
 * go up to 九十九, so copies are grouped: the file has GROUPS × 7 sections of ~100 tasks each.
 */

export const BUNDLED_SEED = 'changde-market-supervision-2023.txt'
const GROUPS = 14
const DISTRICTS = ['武陵', '鼎城', '安乡', '汉寿', '澧县', '临澧', '桃源', '石门', '津市']
const VERB_SWAPS: [string, string][] = [
  ['推进', '推动'],
  ['加强', '强化'],
  ['开展', '组织开展'],
  ['提升', '提高'],
  ['深化', '深入推进'],
  ['持续', '继续'],
  ['全面', '全力'],
  ['落实', '贯彻落实'],
]
const MEASURE = /(\d+(?:\.\d+)?)(万户|户|家|个|件|项|%|亿元|万元|条次|次|所|人|批|场)/g

export function readBundledPlan(seedsDir: string): { text: string; plan: Plan } {
  const text = readFileSync(join(seedsDir, BUNDLED_SEED), 'utf8')
  return { text, plan: parsePlan(text, BUNDLED_SEED) }
}

function scaleFigures(text: string, copy: number): string {
  const factor = 1 + ((copy * 37) % 50) / 100
  return text.replace(MEASURE, (_m, num: string, unit: string) => {
    const value = Number(num) * factor
    const shown = unit === '%' ? Math.min(99, value) : value
    return `${num.includes('.') ? shown.toFixed(1) : Math.round(shown)}${unit}`
  })
}

function swapWords(text: string, copy: number): string {
  let out = text
  VERB_SWAPS.forEach(([from, to], k) => {
    if ((copy >> k) & 1) out = out.replaceAll(from, to)
  })
  return out
}

function unitText(u: UnitMention, copy: number): string {
  const district = copy === 0 || u.placeholder ? '' : (DISTRICTS[(copy - 1) % DISTRICTS.length] ?? '')
  return u.alias ? `${district}${u.name}<${district}${u.alias}>` : `${district}${u.name}`
}

function taskLine(number: number, task: Task, copy: number): string {
  const units = [task.lead, ...task.partners].filter((u): u is UnitMention => u !== null).map((u) => unitText(u, copy))
  return `${number}.${swapWords(scaleFigures(task.text, copy), copy)}（责任单位：${units.join('、')}）`
}

/** The text of a plan with at least `minTasks` tasks made of varied copies of `plan`. */
export function synthPlanText(plan: Plan, minTasks: number): { text: string; written: number } {
  const copies = Math.ceil(minTasks / plan.tasks.length)
  const lines = ['常德市市场监管系统2023年工作要点（合成基准语料）', plan.preamble]
  let number = 0
  let sectionNo = 0
  for (let g = 0; g < GROUPS; g++) {
    for (const section of plan.sections) {
      sectionNo++
      lines.push(`${chineseNumeral(sectionNo)}、${section.title}（第${g + 1}组）`)
      for (let copy = g; copy < copies; copy += GROUPS) {
        for (const n of section.tasks) {
          const task = plan.tasks.find((t) => t.number === n)
          if (task) lines.push(taskLine(++number, task, copy))
        }
      }
    }
  }
  lines.push(...plan.closing)
  return { text: `${lines.join('\n')}\n`, written: number }
}

/** Writes the synthetic plan into `dir` (created) and returns the number of task lines written. */
export function writeSynthSeeds(seedsDir: string, dir: string, minTasks: number): number {
  const { plan } = readBundledPlan(seedsDir)
  const { text, written } = synthPlanText(plan, minTasks)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'synthetic-plan.txt'), text)
  return written
}
