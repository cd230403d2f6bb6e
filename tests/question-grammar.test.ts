import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { topicOf } from '../src/core/search/topic.js'
import { testRuntime } from './helpers/runtime.js'

/**
 * Grammar of questions, through the real bot on the bundled plan: negation kept with its word,
 * contact words refused only when they are asked for, a unit's standard name for the plan's short
 * one, and verbs and requests after the question word.
 */

let rt: Awaited<ReturnType<typeof testRuntime>>
beforeAll(async () => {
  rt = await testRuntime()
})
afterAll(() => rt.close())

describe('question grammar', () => {
  it('keeps a written negation with the word it negates', () => {
    expect(topicOf('抽检不合格食品的核查处置谁负责').text).toBe('抽检不合格食品核查处置')
    expect(topicOf('不正当竞争谁管').text).toBe('不正当竞争')
  })

  it('refuses contact details only when they are what is asked for', async () => {
    const app = await rt.ask('手机APP上的虚假广告归谁管')
    expect(app.intent).toBe('lead')
    expect(app.reply).toContain('广告科')
    expect((await rt.ask('广告科的电话是多少')).reply).toContain('工作要点不含联系方式')
  })

  it('takes a unit’s standard name for the plan’s short name, pointing words and all', async () => {
    for (const q of ['价格监督科负责哪些任务', '价格监督那个科今年都要干啥']) {
      const r = await rt.ask(q)
      expect(r.intent).toBe('unit_tasks')
      expect(r.reply).toMatch(/^价监科共涉及 \d+ 项任务/)
    }
  })

  it('reads a verb after 谁牵头, a request to send a task, and 什么时候 + any verb', async () => {
    expect((await rt.ask('香米地理标志示范区谁牵头搞')).intent).toBe('lead')
    expect((await rt.ask('第35条原文发一下')).tasks.map((t) => t.number)).toEqual([35])
    expect((await rt.ask('米粉名品授牌会什么时候开')).intent).toBe('timeline')
    expect((await rt.ask('广告监测配合单位是哪些')).intent).toBe('co_units')
  })
})
