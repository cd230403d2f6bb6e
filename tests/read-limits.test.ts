import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { afterAll, describe, expect, it } from 'vitest'
import { boot } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { createLogger } from '../src/core/log.js'
import { listSeeds } from '../src/core/plan/load-seeds.js'
import { DEFAULT_READ_LIMITS, type ReadLimits, readPlanFile } from '../src/core/plan/read/index.js'
import { ROOT } from './helpers/plan.js'

/**
 * Hostile plan files, built here: a zip bomb named .docx (made with jszip from a stream, so the test
 * never holds the inflated text), the same bomb with its central directory lying about sizes, a
 * sheet of a million rows written by exceljs' streaming writer, a 50 MB text, a PDF of 600 pages,
 * a CSV of too many records; and a seeds folder with a dangling link, a link loop, a FIFO and an
 * unreadable file beside a good plan. Each is refused within seconds, in bounded memory, with a
 * message naming the file and the limit; start-up goes on with the good plan.
 */

const dir = mkdtempSync(join(tmpdir(), 'gzyd-limits-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const MB = 1024 * 1024

/** `total` bytes of `piece` repeated, as a stream (jszip deflates it chunk by chunk). */
function repeated(total: number, piece: string): Readable {
  const chunk = Buffer.from(piece.repeat(Math.ceil(65_536 / piece.length)))
  let left = total
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null)
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left)
      left -= part.length
      this.push(part)
    },
  })
}

async function zipBombDocx(file: string, inflatedBytes: number): Promise<string> {
  const zip = new JSZip()
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types/>')
  zip.file('word/document.xml', repeated(inflatedBytes, '<w:p><w:r><w:t>第1条（责任单位：办公室）</w:t></w:r></w:p>') as never)
  await pipeline(zip.generateNodeStream({ streamFiles: true, compression: 'DEFLATE' }), createWriteStream(file))
  return file
}

/** Rewrites the central-directory entry of word/document.xml to declare 1 KB: the size jszip reads now lies. */
function lieAboutSizes(file: string): string {
  const bytes = readFileSync(file)
  const central = Buffer.from([0x50, 0x4b, 0x01, 0x02]) // PK\x01\x02: a central directory entry
  for (let at = bytes.indexOf(central); at >= 0; at = bytes.indexOf(central, at + 4)) {
    const name = bytes.subarray(at + 46, at + 46 + bytes.readUInt16LE(at + 28)).toString()
    if (name === 'word/document.xml') bytes.writeUInt32LE(1024, at + 24)
  }
  const liar = file.replace(/\.docx$/, '-lying.docx')
  writeFileSync(liar, bytes)
  return liar
}

async function manyRowsXlsx(file: string, rows: number): Promise<string> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file })
  const sheet = book.addWorksheet('任务分解表')
  sheet.addRow(['序号', '重点任务', '牵头单位']).commit()
  for (let n = 1; n <= rows; n++) sheet.addRow([n]).commit()
  sheet.commit()
  await book.commit()
  return file
}

/** A minimal PDF with `pages` empty pages (objects and xref written out by hand). */
function manyPagesPdf(file: string, pages: number): string {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>']
  const kids = Array.from({ length: pages }, (_, k) => `${k + 3} 0 R`).join(' ')
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`)
  for (let k = 0; k < pages; k++) objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>')
  let pdf = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, k) => {
    offsets.push(Buffer.byteLength(pdf))
    pdf += `${k + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(pdf)
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  writeFileSync(file, pdf)
  return file
}

/** Reads a file, measuring time and the heap growth; resolves with the refusal's message. */
async function refusal(file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<{ message: string; ms: number; rssMb: number }> {
  const started = performance.now()
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 10)
  try {
    await readPlanFile(file, limits)
  } catch (error) {
    return { message: (error as Error).message, ms: performance.now() - started, rssMb: peak / MB }
  } finally {
    clearInterval(sampler)
  }
  throw new Error(`${file} was read, not refused`)
}

describe('reading has bounds', () => {
  it('refuses a zip bomb .docx from its declared sizes, at once', async () => {
    const bomb = await zipBombDocx(join(dir, 'bomb.docx'), 120 * MB)
    const { message, ms, rssMb } = await refusal(bomb)
    expect(message).toBe(
      '无法读取工作要点文件「bomb.docx」：解压后的大小超过上限 30 MB（已读到 120 MB），可能不是工作要点或文件已损坏。请确认文件内容；确为工作要点时，可调大设置项 BOT_PLAN_MAX_UNZIPPED_MB 后重启',
    )
    expect(ms).toBeLessThan(5_000)
    expect(rssMb).toBeLessThan(1_024)
  }, 60_000)

  it('refuses the bomb whose zip directory lies about sizes, by counting while it inflates', async () => {
    const liar = lieAboutSizes(join(dir, 'bomb.docx'))
    const { message, ms, rssMb } = await refusal(liar)
    expect(message).toMatch(/^无法读取工作要点文件「bomb-lying\.docx」：解压后的大小超过上限 30 MB（已读到 30(?:\.\d)? MB）/)
    expect(ms).toBeLessThan(5_000)
    expect(rssMb).toBeLessThan(1_024)
  })

  it('refuses a sheet of a million rows before exceljs loads it; a smaller sheet over the row limit too', async () => {
    const huge = await manyRowsXlsx(join(dir, 'rows.xlsx'), 1_000_000)
    const big = await refusal(huge)
    expect(big.message).toContain('「rows.xlsx」')
    expect(big.message).toMatch(/上限 30 MB|上限 20000 行/)
    expect(big.ms).toBeLessThan(5_000)
    expect(big.rssMb).toBeLessThan(1_024)
    const rows = await refusal(await manyRowsXlsx(join(dir, 'rows-30k.xlsx'), 30_000))
    // Counted chunk by chunk: what was read when it stopped, a little past the limit.
    expect(rows.message).toMatch(/^无法读取工作要点文件「rows-30k\.xlsx」：工作表 sheet1\.xml 的行数超过上限 20000 行（已读到 200\d\d 行）/)
    expect(rows.message).toContain('BOT_PLAN_MAX_ROWS')
    const cells = await refusal(join(dir, 'rows-30k.xlsx'), { ...DEFAULT_READ_LIMITS, sheetCells: 1_000 })
    expect(cells.message).toContain('单元格数超过上限 1000 个单元格')
  }, 60_000)

  it('refuses a 50 MB text by its size, before reading it', async () => {
    const file = join(dir, 'huge.txt')
    writeFileSync(file, Buffer.alloc(50 * MB, '第1条 开展检查（责任单位：办公室）\n'))
    const { message, ms } = await refusal(file)
    expect(message).toBe(
      '无法读取工作要点文件「huge.txt」：文件大小超过上限 20 MB（已读到 50 MB），可能不是工作要点或文件已损坏。请确认文件内容；确为工作要点时，可调大设置项 BOT_PLAN_MAX_MB 后重启',
    )
    expect(ms).toBeLessThan(1_000)
  })

  it('refuses a text under the size limit whose lines are more than the recogniser may take', async () => {
    const file = join(dir, 'many-lines.txt')
    writeFileSync(file, '第1条 开展检查（责任单位：办公室）\n'.repeat(30_000))
    const { message } = await refusal(file)
    expect(message).toContain('「many-lines.txt」：段落和表格行数超过上限 20000 行（已读到 30000 行）')
  })

  it('refuses a PDF of more pages than the limit, and a CSV of more records', async () => {
    const pdf = await refusal(manyPagesPdf(join(dir, 'pages.pdf'), 600))
    expect(pdf.message).toContain('「pages.pdf」：页数超过上限 500 页（已读到 600 页）')
    expect(pdf.message).toContain('BOT_PLAN_MAX_PAGES')
    const csv = join(dir, 'rows.csv')
    writeFileSync(csv, `序号,重点任务,牵头单位\n${Array.from({ length: 50 }, (_, k) => `${k + 1},检查,办公室`).join('\n')}`)
    const refused = await refusal(csv, { ...DEFAULT_READ_LIMITS, sheetRows: 20 })
    expect(refused.message).toContain('「rows.csv」：记录行数超过上限 20 行')
  })

  it('a FIFO is refused without being opened (opening one would wait forever)', async () => {
    const fifo = join(dir, 'pipe.txt')
    execFileSync('mkfifo', [fifo])
    const { message, ms } = await refusal(fifo)
    expect(message).toContain('「pipe.txt」：这不是普通文件')
    expect(ms).toBeLessThan(1_000)
  })
})

describe('a seeds folder with entries that cannot be read', () => {
  const isRoot = process.getuid?.() === 0

  function hostileSeeds(): string {
    const seeds = join(dir, 'seeds')
    mkdirSync(seeds)
    copyFileSync(join(ROOT, 'seeds', 'changde-market-supervision-2023.txt'), join(seeds, 'good-plan.txt'))
    symlinkSync(join(seeds, 'gone.txt'), join(seeds, 'dangling.txt'))
    symlinkSync(join(seeds, 'loop-b.txt'), join(seeds, 'loop-a.txt'))
    symlinkSync(join(seeds, 'loop-a.txt'), join(seeds, 'loop-b.txt'))
    execFileSync('mkfifo', [join(seeds, 'fifo.docx')])
    writeFileSync(join(seeds, 'secret.txt'), '1.开展检查（责任单位：办公室）')
    chmodSync(join(seeds, 'secret.txt'), 0o000)
    writeFileSync(join(seeds, 'big.txt'), Buffer.alloc(21 * MB, 'x'))
    return seeds
  }

  it('skips each with a warning and starts with the good plan', async () => {
    const seeds = hostileSeeds()
    const { files, skipped } = listSeeds(seeds)
    expect(files.map((f) => f.name)).toEqual(isRoot ? ['good-plan.txt', 'secret.txt'] : ['good-plan.txt'])
    const why = Object.fromEntries(skipped.map((s) => [s.name, s.why]))
    expect(why['dangling.txt']).toContain('指向不存在文件的链接')
    expect(why['loop-a.txt']).toContain('循环指向自己的链接')
    expect(why['fifo.docx']).toContain('不是普通文件')
    expect(why['big.txt']).toContain('文件大小超过上限 20 MB')
    if (!isRoot) expect(why['secret.txt']).toContain('没有读取权限')

    const lines: string[] = []
    const config = loadConfig({ BOT_SEEDS: seeds, BOT_DB: join(dir, 'bot.db'), BOT_INDEX_DIR: join(dir, 'index'), LOG_LEVEL: 'warn' })
    const runtime = await boot(config, { log: createLogger('warn', (l) => lines.push(l)) })
    try {
      expect(runtime.plan.tasks.length).toBe(64)
      const log = lines.join('')
      for (const name of ['dangling.txt', 'loop-a.txt', 'loop-b.txt', 'fifo.docx', 'big.txt'])
        expect(log).toContain(`seeds: ${name} 已跳过`)
    } finally {
      await runtime.close()
    }
  }, 60_000)

  it('as a user without permission, the unreadable file is skipped too', () => {
    if (!isRoot) return // covered above: the test runs as that user already
    const seeds = join(dir, 'seeds')
    chmodSync(dir, 0o755)
    // As nobody (uid 65534), the way a service user sees a file it may not read.
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', listAsScript(seeds)], {
      cwd: ROOT,
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp' },
    })
    const { files, skipped } = JSON.parse(out) as ReturnType<typeof listSeeds>
    expect(files.map((f) => f.name)).toEqual(['good-plan.txt'])
    expect(skipped.find((s) => s.name === 'secret.txt')?.why).toContain('没有读取权限')
  })
})

function listAsScript(seeds: string): string {
  const module = JSON.stringify(join(ROOT, 'src', 'core', 'plan', 'load-seeds.ts'))
  return `import(${module}).then((m) => process.stdout.write(JSON.stringify(m.listSeeds(${JSON.stringify(seeds)}))))`
}
