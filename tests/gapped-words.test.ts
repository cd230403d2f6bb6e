import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSeeds } from '../src/core/plan/load-seeds.js'
import { conceptsOf } from '../src/core/search/concepts.js'
import { loadDomainLexicon } from '../src/core/search/domain-lexicon.js'
import { openPlanIndex } from '../src/core/search/plan-index.js'
import { GappedWords } from '../src/core/search/word-matcher.js'
import { ROOT } from './helpers/plan.js'

/** Everyday words said with other words inside them, and abbreviations in any letter case. */

describe('GappedWords', () => {
  const words = new GappedWords<string>()
  words.add('没执照', 'unlicensed')
  words.add('专利抵押', 'pledge')
  words.add('黑店', 'too short to split')
  const find = (text: string, taken = new Uint8Array(text.length)) =>
    words.find(text, taken).map((m) => [text.slice(m.start, m.end), m.value])

  it('finds a word split by a few characters, never across punctuation or a long gap', () => {
    expect(find('没办营业执照就开店')).toEqual([['没办营业执照', 'unlicensed']])
    expect(find('拿专利去银行抵押贷款')).toEqual([['专利去银行抵押', 'pledge']])
    expect(find('没有，执照在办')).toEqual([])
    expect(find('专利的事情我们下个月再去抵押')).toEqual([])
    expect(find('黑心商店')).toEqual([])
  })

  it('leaves spans already taken by exact matches alone', () => {
    const taken = new Uint8Array(6)
    taken.fill(1, 0, 2)
    expect(find('专利去银行抵押', taken)).toEqual([])
  })
})

describe('the domain lexicon with gaps', () => {
  const lexicon = loadDomainLexicon()

  it('expands an everyday word with words inside it, and keeps exact matches first', () => {
    expect(lexicon.expand('没办营业执照就摆摊的谁来查')).toEqual([{ word: '没办营业执照', official: ['无照经营'] }])
    expect(lexicon.expand('液化气罐谁管').map((e) => e.word)).toEqual(['液化气罐'])
    expect(lexicon.expand('电梯谁管')).toEqual([])
  })
})

describe('conceptsOf', () => {
  beforeAll(async () => {
    await openPlanIndex(readSeeds(join(ROOT, 'seeds')), join(ROOT, 'index'))
  })

  it('attaches an upper-case abbreviation’s expansion to its lower-cased topic word', () => {
    const lexicon = loadDomainLexicon()
    const concepts = conceptsOf('GDP增长谁牵头', lexicon.expand('GDP增长谁牵头'))
    const gdp = concepts.find((c) => c.word === 'gdp')
    expect(gdp?.alternatives.length).toBeGreaterThan(1)
    expect(gdp?.alternatives.flat()).toContain('生产总值')
  })
})
