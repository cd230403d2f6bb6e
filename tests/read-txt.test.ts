import iconv from 'iconv-lite'
import { afterAll, describe, expect, it } from 'vitest'
import { readPlanFile } from '../src/core/plan/read/index.js'
import { decodeText } from '../src/core/plan/read/text.js'
import { tempFolder } from './fixtures/read/temp-files.js'

const files = tempFolder()
afterAll(files.cleanup)

const PLAN = [
  '2024年工作要点',
  '',
  '一、优化营商环境',
  '　　1.推进“一网通办”。（责任单位：区政务服务局、区发改局）  ',
  '\t1\t规范公开\t办公室\t',
].join('\r\n')

describe('readPlanFile on .txt', () => {
  it('reads UTF-8 line by line: non-empty lines, true line numbers, blanks trimmed, tabs kept', async () => {
    const plan = await readPlanFile(files.write('plan.txt', PLAN))
    expect(plan).toMatchObject({ file: 'plan.txt', format: 'txt', encoding: 'UTF-8', notes: [] })
    expect(plan.blocks).toEqual([
      { kind: 'paragraph', text: '2024年工作要点', where: { file: 'plan.txt', line: 1 } },
      { kind: 'paragraph', text: '一、优化营商环境', where: { file: 'plan.txt', line: 3 } },
      { kind: 'paragraph', text: '1.推进“一网通办”。（责任单位：区政务服务局、区发改局）', where: { file: 'plan.txt', line: 4 } },
      // A tab-separated row stays one paragraph; its leading and trailing tabs are empty cells.
      { kind: 'paragraph', text: '\t1\t规范公开\t办公室\t', where: { file: 'plan.txt', line: 5 } },
    ])
  })

  it('drops a UTF-8 BOM', async () => {
    const plan = await readPlanFile(files.write('bom.txt', `\uFEFF${PLAN}`))
    expect(plan.encoding).toBe('UTF-8')
    expect(plan.blocks[0]?.kind === 'paragraph' && plan.blocks[0].text).toBe('2024年工作要点')
  })

  it('reads GBK (saved as 「ANSI」 by Chinese Windows) as GB18030', async () => {
    const plan = await readPlanFile(files.write('plan-gbk.txt', iconv.encode(PLAN, 'gbk')))
    expect(plan.encoding).toBe('GB18030')
    expect(plan.blocks.map((b) => (b.kind === 'paragraph' ? b.text : ''))).toEqual([
      '2024年工作要点',
      '一、优化营商环境',
      '1.推进“一网通办”。（责任单位：区政务服务局、区发改局）',
      '\t1\t规范公开\t办公室\t',
    ])
    expect(plan.blocks[2]?.where.line).toBe(4)
  })

  it('reads UTF-16 with its BOM (Notepad 「Unicode」)', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('一、总体要求\n1.任务', 'utf16le')])
    const plan = await readPlanFile(files.write('plan-utf16.txt', utf16))
    expect(plan.encoding).toBe('UTF-16LE')
    expect(plan.blocks.map((b) => b.kind === 'paragraph' && b.text)).toEqual(['一、总体要求', '1.任务'])
  })

  it('reads .md the same way, and lone \\r line ends', async () => {
    const plan = await readPlanFile(files.write('plan.md', '# 要点\r\r二、加强监管'))
    expect(plan.format).toBe('txt')
    expect(plan.blocks.map((b) => [b.kind === 'paragraph' && b.text, b.where.line])).toEqual([
      ['# 要点', 1],
      ['二、加强监管', 3],
    ])
  })

  it('decodes strictly: one invalid UTF-8 byte sends the whole file to GB18030', () => {
    expect(decodeText(new Uint8Array([0xe4, 0xb8, 0x80])).text).toBe('一')
    expect(decodeText(Uint8Array.from(iconv.encode('责任单位', 'gb18030')))).toEqual({ text: '责任单位', encoding: 'GB18030' })
  })
})
