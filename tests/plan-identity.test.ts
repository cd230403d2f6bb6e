import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Plan } from '../src/core/plan/types.js'
import { issuerShortNames, PlanMetaError, planIdentity, readPlanMeta } from '../src/core/plans/identity.js'
import { PlanLibrary, PlanLibraryError } from '../src/core/plans/library.js'
import { planReference } from '../src/core/plans/reference.js'
import { compareVersions, likeness } from '../src/core/plans/versions.js'

/** Plan identity, the library of loaded plans, plan references in questions, and version comparison: pure parts. */

function plan(title: string, preamble = '', closing: string[] = [], tasks: { number: number; text: string }[] = []): Plan {
  return {
    title,
    preamble,
    sections: [],
    tasks: tasks.map((t) => ({
      number: t.number,
      label: String(t.number),
      section: 1,
      text: t.text,
      lead: null,
      partners: [],
      targets: [],
      events: [],
      deadline: null,
      source: { file: 'x.txt', line: t.number },
    })),
    closing,
    sharedUnits: null,
    leadRule: 'none',
    problems: [],
  }
}

const seed = (name: string) => ({ name, hash: `hash-of-${name}` })

describe('planIdentity', () => {
  it('reads issuer and year from the title, and keeps the key across a revised version', () => {
    const a = planIdentity(plan('津市市市场监督管理局2024年工作要点'), seed('a.docx'))
    expect(a).toMatchObject({ issuer: '津市市市场监督管理局', year: 2024, title: '津市市市场监督管理局2024年工作要点', file: 'a.docx' })
    const revised = planIdentity(plan('津市市市场监督管理局2024年工作要点（修订稿）'), seed('b.docx'))
    expect(revised.key).toBe(a.key)
    expect(revised.hash).not.toBe(a.hash)
    expect(a.issuerNames).toEqual(expect.arrayContaining(['津市市市场监督管理局', '津市局', '津市市场监管局', '津市市局']))
  })

  it('finds the issuer on a signature line or a 关于印发 notice, and the year in the preamble', () => {
    expect(planIdentity(plan('2024年工作要点', '', ['特此通知。', '武陵区市场监督管理局']), seed('x')).issuer).toBe('武陵区市场监督管理局')
    const notice = planIdentity(plan('重点工作任务分工', '桃源县发展和改革委员会关于印发2025年重点工作任务分工的通知'), seed('y'))
    expect(notice).toMatchObject({ issuer: '桃源县发展和改革委员会', year: 2025 })
    expect(planIdentity(plan('工作要点', '全年工作安排如下'), seed('z'))).toMatchObject({ issuer: null, year: null })
  })

  it('takes fields from the side file over the document', () => {
    const id = planIdentity(plan('2023年全市市场监管工作要点'), seed('c.txt'), { issuer: '常德市市场监督管理局', aliases: ['市局'] })
    expect(id.issuer).toBe('常德市市场监督管理局')
    expect(id.issuerNames).toEqual(expect.arrayContaining(['常德局', '市局']))
    expect(planIdentity(plan('x'), seed('c.txt'), { key: 'pinned', year: 2022 })).toMatchObject({ key: 'pinned', year: 2022 })
  })

  it('makes no short names for issuers that are not bureaus of a place', () => {
    expect(issuerShortNames('桃源县发展和改革委员会')).toEqual(['桃源县发展和改革委员会'])
  })
})

describe('readPlanMeta', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gzyd-meta-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is empty without a side file and refuses a bad one, naming the file and the field', () => {
    expect(readPlanMeta(join(dir, 'none.txt'))).toEqual({})
    writeFileSync(join(dir, 'bad.txt.meta.json'), '{"year": "2024年"}')
    expect(() => readPlanMeta(join(dir, 'bad.txt'))).toThrow(PlanMetaError)
    expect(() => readPlanMeta(join(dir, 'bad.txt'))).toThrow(/bad\.txt\.meta\.json 有误：year/)
    writeFileSync(join(dir, 'broken.txt.meta.json'), '{issuer:')
    expect(() => readPlanMeta(join(dir, 'broken.txt'))).toThrow(/不是有效的 JSON/)
    writeFileSync(join(dir, 'extra.txt.meta.json'), '{"isuer": "某局"}')
    expect(() => readPlanMeta(join(dir, 'extra.txt'))).toThrow(/有误/)
  })
})

function library(defaultSpec?: string, rooms?: Record<string, string>) {
  const entries = [
    planIdentity(plan('2023年全市市场监管工作要点'), seed('2023.txt'), { issuer: '常德市市场监督管理局' }),
    planIdentity(plan('2024年全市市场监管工作要点'), seed('2024.txt'), { issuer: '常德市市场监督管理局' }),
    planIdentity(plan('津市市市场监督管理局2024年工作要点'), seed('jinshi.txt')),
  ].map((identity) => ({ identity, plan: plan(identity.title), value: identity.file }))
  return new PlanLibrary(entries, defaultSpec, rooms)
}

describe('PlanLibrary', () => {
  it('defaults to the newest year (last by name among equals), or to the configured plan', () => {
    expect(library().default.value).toBe('jinshi.txt')
    expect(library('2023').default.value).toBe('2023.txt')
    expect(library('津市局').default.value).toBe('jinshi.txt')
    expect(() => library('2024')).toThrow(/对应多份工作要点/)
    expect(() => library('2030')).toThrow(PlanLibraryError)
  })

  it('ties rooms to plans and refuses two files of the same plan', () => {
    const lib = library(undefined, { 'slack:C1': '2023.txt' })
    expect(lib.forRoom('slack', 'C1').value).toBe('2023.txt')
    expect(lib.forRoom('slack', 'C2').value).toBe('jinshi.txt')
    const same = planIdentity(plan('2024年工作要点'), seed('a.txt'))
    const again = planIdentity(plan('2024年工作要点（修订稿）'), seed('b.txt'))
    expect(
      () =>
        new PlanLibrary([
          { identity: same, plan: plan(''), value: 1 },
          { identity: again, plan: plan(''), value: 2 },
        ]),
    ).toThrow(/a\.txt、b\.txt/)
  })
})

describe('planReference', () => {
  const lib = library('2024.txt')
  const pick = (text: string, year = 2024) => {
    const c = planReference(text, lib, year)
    return c.kind === 'plan' ? [c.plan.value, c.text] : c.kind === 'missing' ? ['missing', c.reply] : ['none', text]
  }

  it('reads years that name a plan, and leaves years inside a question alone', () => {
    expect(pick('2023年第20条谁牵头')).toEqual(['2023.txt', '第20条谁牵头'])
    expect(pick('2023年工作要点里专利目标是多少')).toEqual(['2023.txt', '专利目标是多少'])
    expect(pick('2023年的专利目标')).toEqual(['2023.txt', '专利目标'])
    expect(pick('2023年专利目标')).toEqual(['2023.txt', '专利目标'])
    expect(pick('2024年底前要完成什么')).toEqual(['none', '2024年底前要完成什么'])
    expect(pick('6月底前完成多少')).toEqual(['none', '6月底前完成多少'])
  })

  it('never takes words of a question or a report for a plan reference', () => {
    expect(pick('进度 20 培育标杆企业2家，较去年增长一倍')).toEqual(['none', '进度 20 培育标杆企业2家，较去年增长一倍'])
    expect(pick('进度 4 已完成2024年计划的60%')[0]).toBe('none')
    expect(pick('进度 20 今年以来新增专利300件')[0]).toBe('none')
    expect(pick('2023年12月底前要完成哪些任务')[0]).toBe('none')
    expect(pick('进度 2023年第20条 新增专利300件，较去年增长')).toEqual(['2023.txt', '进度 第20条 新增专利300件，较去年增长'])
    expect(pick('23年第20条谁牵头')).toEqual(['2023.txt', '第20条谁牵头'])
    expect(pick('上年第20条谁牵头')[0]).toBe('2023.txt')
    expect(pick('津市局的专利目标是多少')).toEqual(['jinshi.txt', '专利目标是多少'])
  })

  it('asks which plan when a reference fits several and none is the default', () => {
    const lib2 = library('2023')
    const c = planReference('2024年第3条是什么', lib2, 2024)
    expect(c.kind).toBe('missing')
    expect(c.kind === 'missing' && c.reply).toMatch(/有 2 份.*请说明是哪一份/)
  })

  it('reads relative years from the clock, counting from the newest plan when this year has none', () => {
    expect(pick('去年的专利目标', 2024)).toEqual(['2023.txt', '专利目标'])
    expect(pick('去年的专利目标', 2026)).toEqual(['2023.txt', '专利目标'])
    expect(pick('今年的专利目标', 2024)[0]).toBe('2024.txt')
  })

  it('reads issuers and titles, and says when the plan asked for is not loaded', () => {
    expect(pick('津市局的工作要点里第3条是什么')).toEqual(['jinshi.txt', '第3条是什么'])
    expect(pick('津市局2024年的第3条')).toEqual(['jinshi.txt', '第3条'])
    expect(pick('《2023年全市市场监管工作要点》第5条')).toEqual(['2023.txt', '第5条'])
    expect(pick('津市局负责哪些任务')).toEqual(['none', '津市局负责哪些任务'])
    const [kind, reply] = pick('2021年工作要点里有什么')
    expect(kind).toBe('missing')
    expect(reply).toContain('没有2021年的工作要点')
    expect(reply).toContain('《津市市市场监督管理局2024年工作要点》')
    expect(pick('津市局2023年的第3条')[0]).toBe('missing')
  })
})

describe('compareVersions', () => {
  it('reports tasks with progress that are gone or now read as other work', () => {
    const before = [
      { number: 1, text: '推进企业开办全程网办' },
      { number: 2, text: '开展质量提升行动' },
      { number: 3, text: '加强户外广告监测' },
    ]
    const now = plan(
      't',
      '',
      [],
      [
        { number: 1, text: '推进企业开办全程网上办理' },
        { number: 2, text: '开展计量器具强制检定专项行动' },
      ],
    )
    const counts = new Map([
      [1, 2],
      [2, 1],
      [3, 1],
      [9, 1],
    ])
    expect(compareVersions(before, now, counts)).toEqual({ gone: [3, 9], altered: [2] })
    expect(compareVersions(before, now, new Map())).toEqual({ gone: [], altered: [] })
  })

  it('measures likeness from 1 for the same text down to 0 for unrelated texts', () => {
    expect(likeness('开展质量提升行动', '开展质量提升行动')).toBe(1)
    expect(likeness('推进企业开办全程网办', '推进企业开办全程网上办理')).toBeGreaterThan(0.6)
    expect(likeness('开展质量提升行动', '加强户外广告监测')).toBeLessThan(0.2)
  })
})
