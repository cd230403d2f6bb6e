import { describe, expect, it } from 'vitest'
import { parsePlan } from '../src/core/plan/parse-plan.js'
import { UnitDirectory } from '../src/core/plan/unit-directory.js'
import { bundledPlan } from './helpers/plan.js'

describe('UnitDirectory.resolve', () => {
  const units = new UnitDirectory(bundledPlan(), { 知产: '知识产权' })
  const name = (typed: string) => {
    const m = units.resolve(typed)
    return m?.kind === 'unit' ? m.unit.name : (m?.kind ?? null)
  }

  it('resolves names, aliases, abbreviations and the 市 prefix', () => {
    expect(name('价监科')).toBe('价监科')
    expect(name('米粉办')).toBe('食品生产科')
    expect(name('登记注册科')).toBe('行政审批办')
    expect(name('审批办')).toBe('行政审批办')
    expect(name('执法支队')).toBe('综合行政执法支队')
    expect(name('知产运用科')).toBe('知识产权运用科')
    expect(name('知促科')).toBe('知识产权促进科')
    expect(name('市食检所')).toBe('食检所')
  })

  it('keeps group words and county bureaus apart from units', () => {
    expect(name('各县级局')).toBe('placeholder')
    // A body the closing paragraph names is a member of its group words, bindable by name.
    expect(name('柳叶湖旅游度假区市场监督管理局')).toBe('member')
    // 县局 names a kind of body, not one.
    expect(name('县局')).toBe('shared')
    expect(name('火星科')).toBeNull()
  })

  it('merges 食检所 and 市食检所 into one unit with all its tasks', () => {
    expect(units.get('食检所')?.partnered).toEqual([19, 34, 63])
  })

  it('suggests the closest names for a near miss', () => {
    expect(units.suggest('知识产权科')).toEqual(['知识产权运用科', '知识产权促进科', '知识产权保护科'])
    expect(units.suggest('法规科')).toEqual(['法制科'])
  })

  it('lets an administrative prefix be left out (农业局 → 县农业农村局)', () => {
    const county = new UnitDirectory(parsePlan('一、甲\n1.治理污水。（责任单位：县农业农村局、县水利局）', 'c.txt'))
    const m = county.resolve('农业局')
    expect(m?.kind === 'unit' && m.unit.name).toBe('县农业农村局')
  })
})
