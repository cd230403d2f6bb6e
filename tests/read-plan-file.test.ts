import { afterAll, describe, expect, it } from 'vitest'
import { chineseCounting } from '../src/core/plan/read/docx-numbering.js'
import { PLAN_FILE_RE, PlanReadError, readPlanFile } from '../src/core/plan/read/index.js'
import { tempFolder } from './fixtures/read/temp-files.js'

const files = tempFolder()
afterAll(files.cleanup)

describe('readPlanFile dispatch and errors', () => {
  it('PLAN_FILE_RE names the extensions it reads, in any case', () => {
    for (const name of ['a.txt', 'a.MD', 'a.csv', 'a.docx', 'a.XLSX', 'a.pdf', 'a.doc']) expect(PLAN_FILE_RE.test(name)).toBe(true)
    for (const name of ['a.xls', 'a.wps', 'a.docx.bak', 'docx']) expect(PLAN_FILE_RE.test(name)).toBe(false)
  })

  it('refuses an unknown format, saying what to save it as', async () => {
    const error = await readPlanFile(files.write('计划.xls', 'x')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlanReadError)
    expect((error as PlanReadError).message).toBe('无法读取工作要点文件「计划.xls」：不支持「.xls」格式。请另存为 .xlsx 后再上传')
    expect((error as PlanReadError).file).toBe('计划.xls')
    await expect(readPlanFile(files.write('plan.png', 'x'))).rejects.toThrow(/不支持「\.png」格式.*\.docx、\.xlsx/)
  })

  it('refuses an empty file and a missing one in Chinese, in every format', async () => {
    for (const name of ['empty.txt', 'empty.docx', 'empty.xlsx', 'empty.pdf']) {
      await expect(readPlanFile(files.write(name, ''))).rejects.toThrow(new RegExp(`「${name.replace('.', '\\.')}」：文件是空的`))
    }
    await expect(readPlanFile('no/such/plan.docx')).rejects.toThrow('无法读取工作要点文件「plan.docx」：文件不存在')
  })

  it('refuses a damaged PDF', async () => {
    await expect(readPlanFile(files.write('broken.pdf', '%PDF-1.4 garbage'))).rejects.toThrow(/「broken\.pdf」.*PDF/)
  })
})

describe('chineseCounting (Word list numbers)', () => {
  it('writes numbers as Word does', () => {
    expect([1, 10, 11, 20, 21, 30, 100, 105, 110].map(chineseCounting)).toEqual([
      '一',
      '十',
      '十一',
      '二十',
      '二十一',
      '三十',
      '一百',
      '一百零五',
      '一百一十',
    ])
  })
})
