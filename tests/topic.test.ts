import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSeeds } from '../src/core/plan/load-seeds.js'
import { openPlanIndex } from '../src/core/search/plan-index.js'
import { topicOf } from '../src/core/search/topic.js'
import { ROOT } from './helpers/plan.js'

describe('topicOf (the grammar of filler)', () => {
  beforeAll(async () => {
    await openPlanIndex(readSeeds(join(ROOT, 'seeds')), join(ROOT, 'index'))
  })

  it('drops the speech act around a question and keeps what it is about', () => {
    expect(topicOf('不好意思打扰一下，想请教商标注册的事情').text).toBe('商标注册')
  })

  it('drops particles, pronouns, punctuation and emoji', () => {
    const t = topicOf('那个电梯检验的这块呀？？😂')
    expect(t.text).toBe('电梯检验')
  })

  it('drops question words as whole words only: 管 goes, 监管 stays', () => {
    expect(topicOf('药品监管归谁管').words).toEqual(['药品', '监管'])
  })

  it('keeps words with digits whole', () => {
    expect(topicOf('12315热线谁负责').words).toContain('12315')
  })

  it('marks a question that only points back at the last task', () => {
    expect(topicOf('这项谁牵头呢').deictic).toBe(true)
    expect(topicOf('商标谁牵头').deictic).toBe(false)
  })

  it('leaves nothing of pure small talk', () => {
    expect(topicOf('好的，谢谢您').words).toEqual([])
  })
})

describe('trimFiller', () => {
  it('drops the speech act before and the particles, thanks and emoji after a question', async () => {
    const { trimFiller } = await import('../src/core/text/normalise.js')
    expect(trimFiller('帮我查一下商标注册吧😀')).toBe('商标注册')
    expect(trimFiller('再生资源回收谁管')).toBe('再生资源回收谁管')
    expect(trimFiller('多谢啦！！')).toBe('多谢啦')
  })
})
