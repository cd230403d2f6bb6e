import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReadPlan, RowBlock } from '../src/core/plan/read/index.js'
import { readPlanFile } from '../src/core/plan/read/index.js'
import { tempFolder } from './fixtures/read/temp-files.js'

const files = tempFolder()
afterAll(files.cleanup)

/**
 * A task-breakdown workbook as bureaus keep them: a title merged across the table, 一级/二级 category
 * cells merged down, a 2×2 block merge, rich text, a formula, a date, a trailing column with a stray
 * space only, a formatted empty cell far out; a second sheet starting at column B; a hidden sheet; an empty sheet.
 */
async function buildWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const tasks = workbook.addWorksheet('任务分解表')
  tasks.addRow(['2024年河湖治理任务分解表'])
  tasks.mergeCells('A1:E1')
  tasks.addRow(['序号', '一级', '二级', '重点任务', '牵头单位'])
  tasks.addRow([1, '一、增强动力', '（一）质量提升', '开展河道清淤', '质监处'])
  tasks.addRow([2, null, null, { richText: [{ text: '加大' }, { text: '水质', font: { bold: true } }, { text: '监测\n力度' }] }, '质监处'])
  tasks.addRow([3, null, '（二）河长制度', { formula: '"推行"&"河长公示制度"', result: '推行河长公示制度' }, '知识产权处'])
  tasks.mergeCells('B3:B5')
  tasks.mergeCells('C3:C4')
  tasks.addRow([4, '二、优化环境', null, new Date(Date.UTC(2024, 11, 31)), null, ' '])
  tasks.addRow([5, null, null, '开展水政专项执法', '水政监察支队'])
  tasks.mergeCells('B6:C7')
  // Formatting far out (as sheets formatted 「whole column」 have) adds no rows or columns.
  tasks.getCell('Z2000').style = { font: { bold: true } }
  const units = workbook.addWorksheet('单位 名单')
  units.getCell('B2').value = '单位'
  units.getCell('C2').value = '联系人'
  units.getCell('B3').value = '质监处'
  units.getCell('C3').value = { text: '张三', hyperlink: 'mailto:zhang@example.org' }
  workbook.addWorksheet('草稿', { state: 'hidden' }).addRow(['不读'])
  workbook.addWorksheet('Sheet3')
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

const rowsOf = (plan: ReadPlan, table: number) => plan.blocks.filter((b): b is RowBlock => b.kind === 'row' && b.table === table)

describe('readPlanFile on .xlsx (built with exceljs)', () => {
  let plan: ReadPlan
  beforeAll(async () => {
    plan = await readPlanFile(files.write('tasks.xlsx', await buildWorkbook()))
  })

  it('reads the first sheet with merges filled down (vertical) and left (horizontal), all rows 5 wide', () => {
    const rows = rowsOf(plan, 1).map((b) => [b.where.ref, ...b.cells])
    expect(rows).toEqual([
      ['任务分解表!A1', '2024年河湖治理任务分解表', '', '', '', ''],
      ['任务分解表!A2', '序号', '一级', '二级', '重点任务', '牵头单位'],
      ['任务分解表!A3', '1', '一、增强动力', '（一）质量提升', '开展河道清淤', '质监处'],
      ['任务分解表!A4', '2', '一、增强动力', '（一）质量提升', '加大水质监测 力度', '质监处'],
      ['任务分解表!A5', '3', '一、增强动力', '（二）河长制度', '推行河长公示制度', '知识产权处'],
      // B6:C7 is a 2×2 block: its first column repeats down, its second column stays ''
      ['任务分解表!A6', '4', '二、优化环境', '', '2024年12月31日', ''],
      ['任务分解表!A7', '5', '二、优化环境', '', '开展水政专项执法', '水政监察支队'],
    ])
    expect(plan.blocks[2]?.where).toEqual({ file: 'tasks.xlsx', line: 3, ref: '任务分解表!A3' })
  })

  it('reads the second sheet as table 2 from its first used column, hyperlinks as their text', () => {
    expect(rowsOf(plan, 2)).toEqual([
      { kind: 'row', cells: ['单位', '联系人'], table: 2, where: { file: 'tasks.xlsx', line: 2, ref: "'单位 名单'!B2" } },
      { kind: 'row', cells: ['质监处', '张三'], table: 2, where: { file: 'tasks.xlsx', line: 3, ref: "'单位 名单'!B3" } },
    ])
  })

  it('skips the hidden sheet with a note and the empty one silently', () => {
    expect(plan.format).toBe('xlsx')
    expect(plan.blocks.every((b) => b.kind === 'row' && b.table <= 2)).toBe(true)
    expect(plan.notes).toEqual([{ where: { file: 'tasks.xlsx', line: 1, ref: '草稿!A1' }, message: '工作表「草稿」已隐藏，未读取' }])
  })

  it('refuses a damaged workbook and an encrypted one with a Chinese message', async () => {
    await expect(readPlanFile(files.write('broken.xlsx', 'not a workbook'))).rejects.toThrow(/「broken\.xlsx」.*已损坏.*\.xlsx/)
    const encrypted = new Uint8Array(1024)
    encrypted.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    await expect(readPlanFile(files.write('secret.xlsx', encrypted))).rejects.toThrow(/「secret\.xlsx」.*密码/)
  })
})
