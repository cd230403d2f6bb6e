/**
 * Times readPlanFile per container: a generated 500-task .docx (paragraph plan: sections 一、, tasks
 * `N.text（责任单位：A、B）`), a generated 500-row .xlsx task-breakdown sheet
 * (序号|重点任务|牵头单位|配合单位|完成时限), and one small sample of every format (.txt UTF-8 and
 * GB18030, .csv, .docx, .xlsx, and the committed .pdf/.doc fixtures). Median of RUNS reads each,
 * the first (which pays for loading exceljs/pdf.js) included. Self-contained: files go to a temp
 * folder removed at the end. Alone: `npx tsx bench/read-bench.ts`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { readSeedPlan, readSeeds } from '../src/core/plan/load-seeds.js'
import { readPlanFile } from '../src/core/plan/read/index.js'
import { openPlanIndex } from '../src/core/search/plan-index.js'
import { buildPlanDocx } from '../tests/fixtures/read/build-docx.js'

const RUNS = 5
const TASKS = 500
const SECTIONS = 10
const UNITS = ['发改委', '工信局', '财政局', '人社局', '市场监管局', '生态环境局', '住建局', '交通局', '商务局', '文旅局']
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'read')

const unit = (k: number) => UNITS[k % UNITS.length] ?? '办公室'
const taskText = (n: number) => `推进第${n}项重点工作，完善工作机制，按季度报送进展`
const SECTION_NAMES = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

async function paragraphPlanDocx(): Promise<Buffer> {
  const children: Paragraph[] = [new Paragraph('某市2024年工作要点')]
  for (let n = 1; n <= TASKS; n++) {
    if ((n - 1) % (TASKS / SECTIONS) === 0) {
      const s = (n - 1) / (TASKS / SECTIONS)
      children.push(new Paragraph({ text: `${SECTION_NAMES[s] ?? s + 1}、第${s + 1}部分重点任务`, heading: HeadingLevel.HEADING_1 }))
    }
    children.push(new Paragraph(`${n}.${taskText(n)}（责任单位：${unit(n)}、${unit(n + 3)}）`))
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }))
}

async function breakdownXlsx(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('任务分解表')
  sheet.addRow(['序号', '重点任务', '牵头单位', '配合单位', '完成时限'])
  for (let n = 1; n <= rows; n++) sheet.addRow([n, taskText(n), unit(n), `${unit(n + 1)}、${unit(n + 2)}`, `2024年${(n % 12) + 1}月底`])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

function sampleText(): string {
  const lines = ['某区2024年工作要点', '一、优化营商环境']
  for (let n = 1; n <= 20; n++) lines.push(`${n}.${taskText(n)}（牵头单位：${unit(n)}；配合单位：${unit(n + 1)}）`)
  return lines.join('\n')
}

function sampleCsv(): string {
  const lines = ['序号,重点任务,牵头单位,配合单位,完成时限']
  for (let n = 1; n <= 20; n++) lines.push(`${n},"${taskText(n)}",${unit(n)},"${unit(n + 1)}、${unit(n + 2)}",12月底`)
  return lines.join('\n')
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

async function time(file: string): Promise<number> {
  const samples: number[] = []
  for (let k = 0; k < RUNS; k++) {
    const start = performance.now()
    const plan = await readPlanFile(file)
    samples.push(performance.now() - start)
    if (plan.blocks.length === 0) throw new Error(`${file}: no blocks`)
  }
  return median(samples)
}

/** Reading and recognising a file into a Plan (what `npm run plan` does), median of RUNS. */
async function timeRecognise(file: string): Promise<number> {
  const samples: number[] = []
  for (let k = 0; k < RUNS; k++) {
    const start = performance.now()
    const { plan } = await readSeedPlan(file)
    samples.push(performance.now() - start)
    if (plan.tasks.length !== TASKS) throw new Error(`${file}: ${plan.tasks.length} tasks, expected ${TASKS}`)
  }
  return median(samples)
}

/** A seeds folder holding only this file, indexed from scratch (read, recognise, dictionary, MiniSearch, files). */
async function timeIndex(file: string, work: string): Promise<number> {
  const seeds = path.join(work, `seeds-${path.basename(file)}`)
  mkdirSync(seeds, { recursive: true })
  copyFileSync(file, path.join(seeds, path.basename(file)))
  const samples: number[] = []
  for (let k = 0; k < RUNS; k++) {
    const start = performance.now()
    const index = await openPlanIndex(readSeeds(seeds), path.join(work, `index-${path.basename(file)}-${k}`))
    samples.push(performance.now() - start)
    if (!index.rebuilt || index.plan.tasks.length !== TASKS) throw new Error(`${file}: expected a fresh ${TASKS}-task index`)
  }
  return median(samples)
}

export async function readBench(): Promise<{ name: string; ms: number }[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'read-bench-'))
  const write = (name: string, bytes: Uint8Array | string) => {
    const file = path.join(dir, name)
    writeFileSync(file, bytes)
    return file
  }
  try {
    const cases: [string, string][] = [
      [`docx, ${TASKS}-task paragraph plan`, write('plan-500.docx', await paragraphPlanDocx())],
      [`xlsx, ${TASKS}-row task breakdown`, write('breakdown-500.xlsx', await breakdownXlsx(TASKS))],
      ['txt UTF-8, 22 lines', write('sample.txt', sampleText())],
      ['txt GB18030, 22 lines', write('sample-gbk.txt', iconv.encode(sampleText(), 'gbk'))],
      ['csv, 21 records', write('sample.csv', sampleCsv())],
      ['docx, sample with table', write('sample.docx', await buildPlanDocx())],
      ['xlsx, 20-row sheet', write('sample.xlsx', await breakdownXlsx(20))],
      ['pdf, 1-page fixture', path.join(FIXTURES, 'plan.pdf')],
      ['doc, fixture', path.join(FIXTURES, 'plan.doc')],
    ]
    const results: { name: string; ms: number }[] = []
    for (const [name, file] of cases) results.push({ name: `read ${name}`, ms: await time(file) })
    for (const [name, file] of cases.slice(0, 2)) {
      results.push({ name: `read + recognise ${name}`, ms: await timeRecognise(file) })
      results.push({ name: `read + recognise + index ${name}`, ms: await timeIndex(file, dir) })
    }
    return results
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const { name, ms } of await readBench()) process.stdout.write(`${name.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms\n`)
}
