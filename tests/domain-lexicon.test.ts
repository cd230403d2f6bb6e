import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildDomainLexicon, type DomainLexiconData, loadDomainLexicon } from '../src/core/search/domain-lexicon.js'

/** Every entry of lexicon/domain/ is a test case; the cases are generated from the data itself. */

const readJson = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'))
const data: DomainLexiconData = {
  terms: readJson('../lexicon/domain/terms.json'),
  government: readJson('../lexicon/domain/government.json'),
  abbreviations: readJson('../lexicon/domain/abbreviations.json'),
  units: readJson('../lexicon/domain/units.json'),
}
const lexicon = loadDomainLexicon()

const everydayCases = data.terms.entries.flatMap((e) => e.everyday.map((word) => ({ word, official: e.official, field: e.field })))
const governmentCases = data.government.entries.flatMap((e) => e.everyday.map((word) => ({ word, official: e.official, field: e.field })))
const abbreviationCases = data.abbreviations.entries.flatMap((e) => e.abbreviation.map((word) => ({ word, official: e.expansion })))
const unitKeyCases = data.units.units.flatMap((u) =>
  [...new Set([u.name, ...u.short, ...u.variants])].map((key) => ({ key, name: u.name })),
)
const functionOwners = new Map<string, string[]>()
for (const u of data.units.units) for (const fn of u.functions) functionOwners.set(fn, [...(functionOwners.get(fn) ?? []), u.name])
const functionCases = data.units.units.flatMap((u) =>
  u.functions.map((fn) => ({ fn, name: u.name, sole: functionOwners.get(fn)?.length === 1 })),
)

/** Words so common in any sentence that a lexicon word equal to one would fire on ordinary text. */
const FUNCTION_WORDS = [
  ...['的', '了', '是', '在', '和', '与', '就', '都', '也', '还', '吗', '呢', '吧', '啊', '我', '你', '他', '这', '那'],
  ...['我们', '你们', '他们', '这个', '那个', '这些', '那些', '什么', '怎么', '为什么', '哪里', '哪个', '谁的', '如何'],
  ...['可以', '没有', '一个', '因为', '所以', '但是', '如果', '已经', '现在', '今天', '明天', '时候', '问题', '工作'],
  ...['情况', '事情', '东西', '知道', '需要', '应该', '能够', '进行', '开展', '加强', '推进', '相关', '有关', '关于'],
  ...['包括', '以及', '或者', '还是', '一下', '请问', '你好', '谢谢', '全面', '持续', '进一步', '重点', '主要', '要求'],
  ...(readJson('../lexicon/question-words.json').phrases as string[]),
]

describe('expand: every everyday word finds its official terms', () => {
  it.each(everydayCases)('$field: $word → $official', ({ word, official }) => {
    const found = lexicon.expand(`${word}谁管`).find((e) => e.word === word)
    expect(found?.official).toEqual(expect.arrayContaining(official))
  })
})

describe('expand: every everyday word of government work finds its official terms', () => {
  it.each(governmentCases)('$field: $word → $official', ({ word, official }) => {
    const found = lexicon.expand(`${word}谁管`).find((e) => e.word === word)
    expect(found?.official).toEqual(expect.arrayContaining(official))
  })
})

/**
 * Field-wide words plans put in titles (政务公开, 安全生产): an everyday word that expanded to one would
 * let a specific question (政务微博谁管) match every task of a plan about that field.
 */
const FIELD_WORDS = ['政务公开', '政务服务', '营商环境', '安全生产', '生态环境', '就业', '旅游', '信访', '科技创新', '义务教育']

describe('government.json: official terms say more than the everyday word', () => {
  // A term holding the word adds only its other words, which may be what the question says around
  // it (农村集体 around 村集体 in 新型农村集体经济) and would count twice; the plan's own term holds
  // the word anyway, so its tokens find it.
  it.each(governmentCases)('$word is inside none of $official', ({ word, official }) => {
    expect(official.filter((term) => term.includes(word))).toEqual([])
  })
  it('expands no word to a field-wide word', () => {
    expect(data.government.entries.flatMap((e) => e.official).filter((term) => FIELD_WORDS.includes(term))).toEqual([])
  })
})

describe('expand: every abbreviation finds its expansion', () => {
  it.each(abbreviationCases)('$word → $official', ({ word, official }) => {
    const found = lexicon.expand(`${word}是什么`).find((e) => e.word === word)
    expect(found?.official).toEqual(expect.arrayContaining(official))
  })
})

describe('units: every name, variant and short name', () => {
  it.each(unitKeyCases)('unitNames($key) is $name', ({ key, name }) => {
    expect(lexicon.unitNames(key)?.canonical).toBe(name)
  })
  it.each(unitKeyCases)('unitsFor("$key负责什么") starts with $name', ({ key, name }) => {
    expect(lexicon.unitsFor(`${key}负责什么`)[0]?.name).toBe(name)
  })
})

describe('unitsFor: every function suggests its unit', () => {
  it.each(functionCases)('$fn → $name', ({ fn, name, sole }) => {
    const names = lexicon.unitsFor(`${fn}谁管`).map((u) => u.name)
    if (sole) expect(names[0]).toBe(name)
    else expect(names).toContain(name)
  })
})

describe('unitsFor: everyday words reach a unit through their official terms', () => {
  // Statistics words (营业额) describe a measure, not a topic, so they need not name a unit.
  const topical = everydayCases.filter((c) => c.field !== '统计')
  it.each(topical)('$field: $word suggests a unit', ({ word }) => {
    expect(lexicon.unitsFor(`${word}谁管`).length).toBeGreaterThan(0)
  })

  it('answers the examples staff give', () => {
    expect(lexicon.unitsFor('价格的事')[0]).toEqual({ name: '价格监督检查科', matched: '价格' })
    expect(lexicon.unitsFor('电梯谁管')[0]?.name).toBe('特种设备安全监察科')
    expect(lexicon.unitsFor('液化气罐谁管')[0]).toEqual({ name: '特种设备安全监察科', matched: '液化气罐' })
    expect(lexicon.unitsFor('专利质押贷款找谁')[0]?.name).toBe('知识产权运用科')
  })
})

describe('unitNames', () => {
  it('accepts a 市 prefix and a plan alias in angle brackets', () => {
    expect(lexicon.unitNames('市食检所')?.canonical).toBe('食品检验所')
    expect(lexicon.unitNames('消保科<投诉举报办>')?.canonical).toBe('消费者权益保护科')
    expect(lexicon.unitNames('价监科')).toMatchObject({ canonical: '价格监督检查科', short: expect.arrayContaining(['价监']) })
  })
  it('returns undefined for names it does not know', () => {
    expect(lexicon.unitNames('火星移民办')).toBeUndefined()
    expect(lexicon.unitNames('')).toBeUndefined()
  })
})

describe('matching rules', () => {
  it('takes the longest of overlapping words', () => {
    expect(lexicon.expand('网上开公司要几天').map((e) => e.word)).toEqual(['网上开公司'])
    expect(lexicon.expand('知产强市试点').map((e) => e.word)).toEqual(['知产强市'])
    const small = buildDomainLexicon({
      ...data,
      terms: { ...data.terms, entries: [{ everyday: ['甲乙'], official: ['短'], field: data.terms.fields[0] ?? '' }] },
      abbreviations: { ...data.abbreviations, entries: [{ abbreviation: ['乙丙丁'], expansion: ['长'] }] },
    })
    expect(small.expand('甲乙丙丁')).toEqual([{ word: '乙丙丁', official: ['长'] }])
    expect(small.expand('甲乙 乙丙丁')).toEqual([
      { word: '甲乙', official: ['短'] },
      { word: '乙丙丁', official: ['长'] },
    ])
  })

  it('matches Latin abbreviations case-insensitively and only as whole tokens', () => {
    expect(lexicon.expand('cma资质').map((e) => e.word)).toEqual(['cma'])
    expect(lexicon.expand('QCC活动')).toEqual([])
  })

  it.each(['今天天气怎么样', '你好', '火星移民', '谢谢你的帮助', '明天下午开会吗', '这个问题怎么回答', '帮我看看第三条'])(
    'finds nothing in the ordinary sentence 「%s」',
    (sentence) => {
      expect(lexicon.expand(sentence)).toEqual([])
      expect(lexicon.unitsFor(sentence)).toEqual([])
    },
  )

  it('has no lexicon word that is a common function word', () => {
    const words = [
      ...everydayCases.map((c) => c.word),
      ...governmentCases.map((c) => c.word),
      ...abbreviationCases.map((c) => c.word),
      ...functionCases.map((c) => c.fn),
    ]
    expect(words.filter((w) => FUNCTION_WORDS.includes(w))).toEqual([])
  })

  it('stays cheap enough to run on every question', () => {
    const question = '液化气罐涨价了找哪个科室负责处理投诉举报'
    let found = 0
    for (let k = 0; k < 10_000; k++) found += lexicon.expand(question).length
    expect(found).toBe(10_000 * lexicon.expand(question).length)
  })
})

describe('schema', () => {
  const withTerms = (entries: unknown) => ({ ...data, terms: { ...data.terms, entries } })

  it('names the file and the path of a too-short word', () => {
    expect(() => buildDomainLexicon(withTerms([{ everyday: ['罐'], official: ['气瓶'], field: '特种设备' }]))).toThrow(
      /lexicon\/domain\/terms\.json is invalid: entries\.0\.everyday\.0: must be at least two characters/,
    )
  })
  it('rejects an unknown field and a missing key', () => {
    expect(() => buildDomainLexicon(withTerms([{ everyday: ['钢瓶'], official: ['气瓶'], field: '天文' }]))).toThrow(
      /terms\.json is invalid: entries\.0\.field: unknown field "天文"/,
    )
    expect(() => buildDomainLexicon({ ...data, units: { $comment: 'x', units: [{ name: '价监科', short: [], variants: [] }] } })).toThrow(
      /lexicon\/domain\/units\.json is invalid: units\.0\.functions/,
    )
  })
  it('rejects a word defined twice', () => {
    const twice = [
      { everyday: ['钢瓶'], official: ['气瓶'], field: '特种设备' },
      { everyday: ['钢瓶'], official: ['钢材'], field: '特种设备' },
    ]
    expect(() => buildDomainLexicon(withTerms(twice))).toThrow(/defined more than once: 钢瓶/)
  })
  it('rejects a word defined in terms.json and again in government.json', () => {
    const government = { ...data.government, entries: [{ everyday: ['液化气罐'], official: ['燃气安全'], field: '应急与安全生产' }] }
    expect(() => buildDomainLexicon({ ...data, government })).toThrow(
      /terms\.json \/ government\.json \/ abbreviations\.json: defined more than once: 液化气罐/,
    )
  })
  it('checks government.json against the same schema, naming it', () => {
    const government = { ...data.government, entries: [{ everyday: ['招'], official: ['招商引资'], field: '发展改革与招商' }] }
    expect(() => buildDomainLexicon({ ...data, government })).toThrow(
      /lexicon\/domain\/government\.json is invalid: entries\.0\.everyday\.0: must be at least two characters/,
    )
  })
  it('names the file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'domain-lexicon-'))
    for (const file of ['government.json', 'abbreviations.json', 'units.json'])
      writeFileSync(join(dir, file), readFileSync(new URL(`../lexicon/domain/${file}`, import.meta.url)))
    writeFileSync(join(dir, 'terms.json'), '{ not json')
    expect(() => loadDomainLexicon(pathToFileURL(`${dir}/`))).toThrow(/lexicon\/domain\/terms\.json: /)
  })
})
