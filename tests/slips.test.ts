import { beforeAll, describe, expect, it } from 'vitest'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import { PlanWords, SoundIndex, sound } from '../src/core/query/slips.js'
import { loadDictionary } from '../src/core/search/tokenize.js'
import { ROOT } from './helpers/plan.js'

/** Slips of typing and hearing, read by sound against an invented plan's words. */

const PLAN = `某县教育局2025年工作要点
一、学校建设
1.推进义务教育学校标准化建设，新建校舍3栋。（责任单位：基建科、财务科）
2.开展校园食品安全检查，覆盖全县食堂。（责任单位：体卫艺科）
二、城市学位
3.扩充城区学位，年底前完成验收。（责任单位：基建科）
`

beforeAll(() => loadDictionary(`${ROOT}index/jieba.dict.utf8`))

describe('SoundIndex', () => {
  const index = new SoundIndex(['标准化', '校舍', '验收', '食堂', '基建科'])

  it('gives the words that sound the same, without tones', () => {
    expect(sound('校舍')).toBe('xiao she')
    expect(index.homophones('小社')).toEqual(['校舍'])
    expect(index.homophones('机建科')).toEqual(['基建科'])
  })

  it('matches one changed character only in words of four characters or more', () => {
    const long = new SoundIndex(['标准化建设'])
    expect(long.oneChange('标准化建筑')).toEqual(['标准化建设'])
    expect(index.oneChange('食常')).toEqual([])
  })

  it('prefers words of the same sound to words one character away', () => {
    const both = new SoundIndex(['食品安全', '食品安检'])
    expect(both.candidates('食品安权')).toEqual(['食品安全'])
  })
})

describe('PlanWords', () => {
  const words = () => new PlanWords(parsePlan(PLAN, 'edu.txt'))

  it('reads a word that is no word and sounds like a plan word', () => {
    const [slip] = words().slipsIn('小社新建几栋')
    expect(slip).toMatchObject({ typed: '小社', candidates: ['校舍'] })
  })

  it('never reads a stretch across two real words, nor a real word', () => {
    expect(words().slipsIn('城市验收')).toEqual([])
    expect(words().slipsIn('公式')).toEqual([])
  })

  it('knows what the plan says without scanning it for every word', () => {
    const plan = words()
    expect(plan.has('校园食品安全')).toBe(true)
    expect(plan.has('校园食品安检')).toBe(false)
  })
})
