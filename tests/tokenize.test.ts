import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSeeds } from '../src/core/plan/load-seeds.js'
import { openPlanIndex } from '../src/core/search/plan-index.js'
import { tokenize } from '../src/core/search/tokenize.js'
import { ROOT } from './helpers/plan.js'

describe('tokenize', () => {
  beforeAll(async () => {
    await openPlanIndex(readSeeds(join(ROOT, 'seeds')), join(ROOT, 'index'))
  })

  it('keeps numbers whole (HMM on: 2000 does not split into digits)', () => {
    const tokens = tokenize('发明专利申请量2000件以上，达到7.6件')
    expect(tokens).toContain('2000')
    expect(tokens).toContain('7.6')
    expect(tokens).not.toContain('200')
  })

  it('emits CJK bigrams and whole jieba words', () => {
    const tokens = tokenize('发明专利申请量')
    expect(tokens).toEqual(expect.arrayContaining(['发明', '明专', '专利', '发明专利', '申请量']))
  })

  it('keeps unit names from the plan whole', () => {
    expect(tokenize('米粉办')).toContain('米粉办')
  })

  it('folds full-width and traditional text to the same tokens', () => {
    expect(tokenize('廣告監測２０２３')).toEqual(tokenize('广告监测2023'))
  })

  it('turns dates in any spelling into one date token', () => {
    expect(tokenize('3月15日')).toContain('d3-15')
    expect(tokenize('3.15国际消费者权益日')).toContain('d3-15')
    expect(tokenize('5·17宣传日')).toContain('d5-17')
  })
})
