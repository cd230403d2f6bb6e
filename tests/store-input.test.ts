import { afterEach, describe, expect, it } from 'vitest'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import type { NewUpdate } from '../src/core/progress/store.js'
import { MAX_FIGURE, wellFormed } from '../src/core/progress/store-input.js'
import { newUpdate } from './helpers/new-update.js'
import { testRuntime } from './helpers/runtime.js'

/** What the store accepts: well-formed text and plausible figures, whoever computed them. */

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

const update = (overrides: Partial<NewUpdate> = {}): NewUpdate => newUpdate({ userName: null, text: '申请量1200件', ...overrides })

describe('figures at the store boundary', () => {
  it('leaves out figures that are not finite or absurdly large and recomputes the attainment from the rest', async () => {
    const store = new SqliteStore(':memory:')
    closers.push(() => store.close())
    const result = await store.addUpdate(
      update({
        figures: [
          { value: Number.POSITIVE_INFINITY, unit: '件', target: 0, percent: Number.POSITIVE_INFINITY },
          { value: MAX_FIGURE * 10, unit: '件', target: 0, percent: 5e11 },
          { value: Number.NaN, unit: '件', target: null, percent: null },
          { value: 1200, unit: '件', target: 0, percent: 60 },
        ],
        attainment: Number.POSITIVE_INFINITY,
      }),
    )
    expect(result.stored && result.update.figures).toEqual([{ value: 1200, unit: '件', target: 0, percent: 60 }])
    const [stored] = await store.updatesForTask(20)
    expect(stored?.figures).toEqual([{ value: 1200, unit: '件', target: 0, percent: 60 }])
    expect(stored?.attainment).toBe(60)
  })

  it('answers 进度 with a 400-digit figure politely: the text as typed, no Infinity anywhere', async () => {
    const r = await testRuntime()
    closers.push(() => r.close())
    await r.ask('我是知识产权促进科的')
    const huge = '9'.repeat(400)
    const reply = await r.ask(`进度 20 发明专利申请量${huge}件`)
    expect(reply.reply).toContain('已记录')
    expect(reply.reply).toContain(huge)
    expect(reply.reply).not.toMatch(/Infinity|NaN/)
    const [stored] = await r.store.updatesForTask(20)
    expect(stored?.figures).toEqual([])
    expect(stored?.attainment).toBeNull()
  })
})

describe('text at the store boundary', () => {
  it('turns a lone surrogate into U+FFFD before storing and keeps pairs (emoji) intact', async () => {
    expect(wellFormed('a\uD800b\uDC00c😀')).toBe('a\uFFFDb\uFFFDc😀')
    const r = await testRuntime()
    closers.push(() => r.close())
    await r.ask('我是知识产权促进科的')
    const reply = await r.ask('进度 20 走访企业\uD83D完成😀')
    expect(reply.progress).toBeDefined()
    const [stored] = await r.store.updatesForTask(20)
    expect(stored?.original).toBe('进度 20 走访企业\uFFFD完成😀')
    expect(stored?.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
  })
})
