import iconv from 'iconv-lite'
import { afterAll, describe, expect, it } from 'vitest'
import { readPlanFile } from '../src/core/plan/read/index.js'
import { tempFolder } from './fixtures/read/temp-files.js'

const files = tempFolder()
afterAll(files.cleanup)

const CSV = [
  '序号,重点任务,牵头单位,配合单位,,',
  '1,"推进质量提升，开展对标行动",质监局,"发改委、工信局",,',
  '',
  '2,"加强品牌建设',
  '（分两步）",知识产权局,,',
  ',,,,,',
  '3, 强化督查 ,办公室',
].join('\r\n')

describe('readPlanFile on .csv', () => {
  it('reads quoted cells with commas and line breaks into rows of one width, each at the line it starts on', async () => {
    const plan = await readPlanFile(files.write('tasks.csv', CSV))
    expect(plan).toMatchObject({ file: 'tasks.csv', format: 'csv', encoding: 'UTF-8', notes: [] })
    expect(plan.blocks).toEqual([
      { kind: 'row', cells: ['序号', '重点任务', '牵头单位', '配合单位'], table: 1, where: { file: 'tasks.csv', line: 1 } },
      {
        kind: 'row',
        cells: ['1', '推进质量提升，开展对标行动', '质监局', '发改委、工信局'],
        table: 1,
        where: { file: 'tasks.csv', line: 2 },
      },
      { kind: 'row', cells: ['2', '加强品牌建设 （分两步）', '知识产权局', ''], table: 1, where: { file: 'tasks.csv', line: 4 } },
      { kind: 'row', cells: ['3', '强化督查', '办公室', ''], table: 1, where: { file: 'tasks.csv', line: 7 } },
    ])
  })

  it('reads a GBK CSV as Excel saves it on Chinese Windows', async () => {
    const plan = await readPlanFile(files.write('tasks-gbk.csv', iconv.encode('任务,牵头单位\n开展“质量月”活动,质监处\n', 'gbk')))
    expect(plan.encoding).toBe('GB18030')
    expect(plan.blocks.map((b) => b.kind === 'row' && b.cells)).toEqual([
      ['任务', '牵头单位'],
      ['开展“质量月”活动', '质监处'],
    ])
  })
})
