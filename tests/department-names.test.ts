import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import { UnitDirectory } from '../src/core/plan/unit-directory.js'
import { type DepartmentsData, departmentAbbreviations, loadDepartmentAbbreviations } from '../src/core/search/department-names.js'
import { CITY_2017, CITY_2024, DISTRICT_2024, type GovernmentPlan, writeGovernmentSeeds } from './helpers/government-plans.js'
import { testRuntime } from './helpers/runtime.js'

/**
 * lexicon/domain/departments.json, entry by entry: every short form and variant, asked in a
 * question (「人社局负责哪些任务」) through the real bot, names the department of an invented plan
 * that writes it in full (区人力资源和社会保障局). The market-supervision stems moved here from
 * synonyms.json (知产, 特种设备) are asked of the bundled plan.
 */

const data: DepartmentsData = JSON.parse(readFileSync(new URL('../lexicon/domain/departments.json', import.meta.url), 'utf8'))

/** [the form of departments.json it exercises, what is typed, the unit the plan names]. */
type Case = [form: string, typed: string, unit: string]

const DISTRICT_CASES: Case[] = [
  ['人社', '人社局', '区人力资源和社会保障局'],
  ['人社', '区人社局', '区人力资源和社会保障局'],
  ['财金', '区财金局', '区财政金融局'],
  ['发改', '发改局', '区发展和改革局'],
  ['住建', '住建局', '区住房和城乡建设局'],
  ['卫健', '卫健局', '区卫生健康局'],
  ['文旅', '文旅局', '区文化和旅游局'],
  ['教体', '教体局', '区教育体育局'],
  ['工信', '工信局', '区工业和信息化局'],
  ['政数', '政数局', '区政务服务和数据管理局'],
  ['医保', '医保局', '区医疗保障局'],
  ['环保', '环保局', '市生态环境局东湖分局'],
  ['国土', '国土局', '区自然资源和规划局'],
  ['自规', '自规局', '区自然资源和规划局'],
  ['资规', '资规局', '区自然资源和规划局'],
  ['编办', '编办', '区委机构编制委员会办公室'],
  ['编办', '区委编办', '区委机构编制委员会办公室'],
  ['政府办', '政府办', '区人民政府办公室'],
  ['府办', '区府办', '区人民政府办公室'],
  ['国资', '国资局', '区国有资产管理局'],
  ['城管', '城管局', '区城市管理局'],
  ['机管', '机管局', '区机关事务管理局'],
  ['民宗', '民宗局', '区民族宗教事务局'],
  ['人防办', '人防办', '区人民防空办公室'],
  ['网信办', '网信办', '区委网络安全和信息化委员会办公室'],
  ['统战部', '统战部', '区委统一战线工作部'],
  ['老干', '老干局', '区委老干部局'],
  ['供销社', '供销社', '区供销合作社联合社'],
  ['市监局', '市监局', '区市场监督管理局'],
  ['市场监管局', '市场监管局', '区市场监督管理局'],
]

const CITY_2017_CASES: Case[] = [
  ['发改委', '发改委', '市发展和改革委员会'],
  ['住建委', '住建委', '市住房和城乡建设委员会'],
  ['卫计委', '卫计委', '市卫生和计划生育委员会'],
  ['文广新', '文广新局', '市文化广电新闻出版局'],
  ['经信委', '经信委', '市经济和信息化委员会'],
  ['安监', '安监局', '市安全生产监督管理局'],
  ['食药监', '食药监局', '市食品药品监督管理局'],
  ['国资委', '国资委', '市国有资产监督管理委员会'],
  ['人社', '市人社局', '市人力资源和社会保障局'],
  ['政府办', '市政府办', '市人民政府办公室'],
  ['编办', '市编办', '市机构编制委员会办公室'],
]

const CITY_2024_CASES: Case[] = [
  ['卫健委', '卫健委', '市卫生健康委员会'],
  ['文广旅', '文广旅局', '市文化广电和旅游局'],
  ['规自', '规自局', '市规划和自然资源局'],
  ['粮储', '粮储局', '市粮食和物资储备局'],
  ['金融局', '金融局', '市地方金融监督管理局'],
  ['经信', '经信局', '市经济和信息化局'],
]

/** The bureau's own units in the bundled plan. */
const BUNDLED_CASES: Case[] = [
  ['知产', '知产运用科', '知识产权运用科'],
  ['特种设备', '特种设备科', '特安科'],
]

const ALL_CASES = [...DISTRICT_CASES, ...CITY_2017_CASES, ...CITY_2024_CASES, ...BUNDLED_CASES]

let seedsDir: string
beforeAll(() => {
  seedsDir = mkdtempSync(join(tmpdir(), 'gzyd-departments-'))
})
afterAll(() => rmSync(seedsDir, { recursive: true, force: true }))

/** Asks 「X负责哪些任务」 of one plan (or the bundled one) through a real runtime booted once. */
function askedOf(plan: GovernmentPlan | null, cases: Case[], unknown: string[] = []): void {
  let rt: Awaited<ReturnType<typeof testRuntime>>
  beforeAll(async () => {
    const seeds = plan ? writeGovernmentSeeds(seedsDir, plan) : null
    rt = await testRuntime(seeds ? { BOT_SEEDS: seeds, BOT_INDEX_DIR: join(seeds, 'index') } : {})
  })
  afterAll(() => rt.close())

  it.each(cases)('%s: 「%s负责哪些任务」 → %s', async (_form, typed, unit) => {
    const r = await rt.ask(`${typed}负责哪些任务`)
    expect(r.intent).toBe('unit_tasks')
    expect(r.reply.startsWith(unit)).toBe(true)
    expect(r.tasks.length).toBeGreaterThan(0)
    expect(r.tasks.every((t) => t.lead === unit || t.units.includes(unit))).toBe(true)
  })

  if (unknown.length > 0)
    it.each(unknown)('「%s负责哪些任务」 names no unit of this plan', async (typed) => {
      const r = await rt.ask(`${typed}负责哪些任务`)
      expect(r.tasks).toEqual([])
      expect(r.reply).toContain('工作要点未提及')
    })
}

describe('short forms name the departments of a district plan (2024 names)', () => {
  askedOf(DISTRICT_2024, DISTRICT_CASES, ['粮储局', '卫计委'])
})

describe('short forms name the departments of a city plan (names before 2018)', () => {
  askedOf(CITY_2017, CITY_2017_CASES, ['医保局'])
})

describe('short forms name the departments of a city plan (2024 names)', () => {
  askedOf(CITY_2024, CITY_2024_CASES, ['发改委'])
})

describe('stems of the bureau’s own units, on the bundled plan', () => {
  askedOf(null, BUNDLED_CASES)
})

describe('departments.json', () => {
  const abbreviations = loadDepartmentAbbreviations()

  it('has a case above for every short form and variant', () => {
    const forms = data.departments.flatMap((d) => [...d.short, ...(d.variants ?? [])])
    expect(new Set(ALL_CASES.map(([form]) => form))).toEqual(new Set(forms))
  })

  it('is what resolves the forms a plan’s full names do not contain in order', () => {
    const unitOf = (plan: GovernmentPlan, abbr: Record<string, string>, typed: string) => {
      const m = new UnitDirectory(parsePlan(plan.text, plan.file), abbr).resolve(typed)
      return m?.kind === 'unit' ? m.unit.name : null
    }
    // Without the stems these miss: 人社局 is 3 of 11 characters of 区人力资源和社会保障局, 发改委
    // ends where 发展和改革委员会 does not, 环保局 shares one character with 生态环境局.
    const needed: [GovernmentPlan, Case[]][] = [
      [DISTRICT_2024, DISTRICT_CASES.filter(([, typed]) => ['人社局', '工信局', '住建局', '环保局', '编办', '人防办'].includes(typed))],
      [CITY_2017, CITY_2017_CASES.filter(([, typed]) => ['发改委', '住建委', '安监局'].includes(typed))],
      [CITY_2024, CITY_2024_CASES.filter(([, typed]) => ['卫健委', '金融局', '粮储局'].includes(typed))],
    ]
    expect(needed.flatMap(([, cases]) => cases)).toHaveLength(12)
    for (const [plan, cases] of needed)
      for (const [, typed, unit] of cases) {
        expect([typed, unitOf(plan, {}, typed)]).not.toEqual([typed, unit])
        expect([typed, unitOf(plan, abbreviations, typed)]).toEqual([typed, unit])
      }
  })

  it('expands longer short forms first and keeps the stems without 和', () => {
    const keys = Object.keys(abbreviations)
    expect(keys.indexOf('发改委')).toBeLessThan(keys.indexOf('发改'))
    expect(keys.indexOf('国资委')).toBeLessThan(keys.indexOf('国资'))
    expect(abbreviations).toMatchObject({ 人社: '人力资源社会保障', 发改委: '发展改革委员会', 环保: '生态环境', 知产: '知识产权' })
  })
})

describe('departments.json schema', () => {
  const withDepartments = (departments: unknown) => ({ $comment: 'x', departments })

  it('refuses a stem written with 和', () => {
    expect(() => departmentAbbreviations(withDepartments([{ full: '人力资源和社会保障', short: ['人社'] }]))).toThrow(
      /lexicon\/domain\/departments\.json is invalid: departments\.0\.full: must be written without 和\/与/,
    )
  })
  it('refuses a short form that is not made of the stem’s characters in order', () => {
    expect(() => departmentAbbreviations(withDepartments([{ full: '生态环境', short: ['环保'] }]))).toThrow(
      /departments\.0\.short\.0: "环保" is not made of the characters of "生态环境" in order/,
    )
  })
  it('refuses an entry with neither a short form nor a variant, and a one-character form', () => {
    expect(() => departmentAbbreviations(withDepartments([{ full: '生态环境', short: [] }]))).toThrow(/needs a short form or a variant/)
    expect(() => departmentAbbreviations(withDepartments([{ full: '生态环境', short: ['生'] }]))).toThrow(
      /departments\.0\.short\.0: must be at least two characters/,
    )
  })
  it('refuses a form defined twice', () => {
    const twice = [
      { full: '发展改革', short: ['发改'] },
      { full: '发展改革委员会', short: ['发改'] },
    ]
    expect(() => departmentAbbreviations(withDepartments(twice))).toThrow(/departments\.json: defined more than once: 发改/)
  })
  it('names the file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'departments-'))
    writeFileSync(join(dir, 'departments.json'), '{ not json')
    expect(() => loadDepartmentAbbreviations(pathToFileURL(join(dir, 'departments.json')))).toThrow(/lexicon\/domain\/departments\.json: /)
    rmSync(dir, { recursive: true, force: true })
  })
})
