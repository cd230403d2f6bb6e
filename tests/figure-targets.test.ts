import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Target } from '../src/core/plan/types.js'
import { MetricLexicon, metricLexicon } from '../src/core/progress/figure-targets.js'
import { readUpdate } from '../src/core/progress/parse-update.js'
import { bundledPlan } from './helpers/plan.js'

/**
 * A figure counts for a target only when the words around it name that target's metric (or a
 * synonym in lexicon/metrics.json); otherwise it is kept, credited to none, with the reason. Every
 * entry of the lexicon is a test case, generated from the data.
 */

const plan = bundledPlan()
const targetsOf = (n: number) => plan.tasks.find((t) => t.number === n)?.targets ?? []
const target = (metric: string, value: number, unit: string): Target => ({
  metric,
  value,
  unit,
  qualifier: '',
  sentence: `${metric}${value}${unit}`,
})
const credited = (text: string, targets: Target[]) => readUpdate(text, targets).figures.map((f) => [f.value, f.target, f.why ?? null])

describe('the words around a figure must name its metric', () => {
  it('credits 100家 to 市级层面重点跟踪, and not 走访63家 to anything (第22条)', () => {
    const read = readUpdate('市级重点跟踪企业已确定100家，完成走访63家', targetsOf(22))
    expect(read.figures).toEqual([
      { value: 100, unit: '家', target: 0, percent: 100 },
      { value: 63, unit: '家', target: null, percent: null, why: 'metric not named' },
    ])
  })

  it('an action that counts something else blocks the credit, even after the metric’s words', () => {
    expect(credited('重点跟踪企业已走访63家', [target('重点跟踪', 100, '家')])).toEqual([[63, null, 'another action']])
    // The action named by the metric itself is the thing counted.
    expect(credited('已指导3家企业争创示范', [target('指导企业争创省级示范企业', 4, '家')])).toEqual([[3, 0, null]])
  })

  it('a lone target in the same unit is no longer credited without its metric', () => {
    expect(credited('开展培训300人次', [target('完成广告监测', 10000, '条次')])).toEqual([[300, null, 'no target in this unit']])
    expect(credited('新增企业300家', [target('市级层面重点跟踪', 100, '家')])).toEqual([[300, null, 'metric not named']])
  })

  it('words after the figure count: 创建10家无理由退货承诺单位', () => {
    expect(credited('创建10家无理由退货承诺单位', targetsOf(44))).toEqual([[10, 1, null]])
  })

  it('a figure named alike by two targets is not guessed; the whole metric named decides', () => {
    expect(credited('网办率达到90%', targetsOf(2))).toEqual([[90, null, 'ambiguous']])
    expect(credited('注销网办率达到90%', targetsOf(2))).toEqual([[90, 1, null]])
    expect(credited('发明专利拥有量3000件', targetsOf(20))).toEqual([[3000, 2, null]])
    expect(credited('每万人有效发明专利拥有量5件', targetsOf(20))).toEqual([[5, 3, null]])
  })

  it('generic words (全市, 新增, 企业) rank targets but never name one alone', () => {
    expect(credited('新增专精特新企业20家', targetsOf(1))).toEqual([[20, 1, null]])
    expect(credited('全市新增企业20家', targetsOf(1))).toEqual([[20, null, 'metric not named']])
  })

  it('each figure uses only its own clause: the second figure’s metric is not the first’s', () => {
    expect(credited('发明专利申请量1300件，授权量520件', targetsOf(20))).toEqual([
      [1300, 0, null],
      [520, 1, null],
    ])
  })
})

describe('lexicon/metrics.json', () => {
  const lexicon = metricLexicon()

  it('is valid, and every synonym, action and generic word is two characters or more', () => {
    const raw = JSON.parse(readFileSync(new URL('../lexicon/metrics.json', import.meta.url), 'utf8'))
    expect(MetricLexicon.safeParse(raw).success).toBe(true)
  })

  const synonymCases = lexicon.synonyms.flatMap((s) => s.everyday.map((word) => ({ word, official: s.official })))
  it.each(synonymCases)('「$word」 names the metric 「$official」', ({ word, official }) => {
    const metric = `全年${official}`
    // Another target in the same unit: only the synonym can tell them apart.
    const targets = [target(metric, 100, '项'), target('其他指标', 100, '项')]
    expect(credited(`${word}达到50项`, targets)).toEqual([[50, 0, null]])
  })

  it.each(lexicon.actions.map((action) => ({ action })))(
    '「$action」 before a figure counts that action, not another metric',
    ({ action }) => {
      expect(credited(`重点企业已${action}30家`, [target('重点企业培育', 100, '家')])).toEqual([[30, null, 'another action']])
      expect(credited(`已${action}30家`, [target(`${action}重点企业`, 100, '家')])).toEqual([[30, 0, null]])
    },
  )

  it.each(lexicon.generic.map((word) => ({ word })))('「$word」 alone names no metric', ({ word }) => {
    expect(credited(`${word}30家`, [target(`${word}示范单位`, 100, '家')])).toEqual([[30, null, 'metric not named']])
  })
})
