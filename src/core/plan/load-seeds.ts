import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ReadPlan } from './read/blocks.js'
import { DEFAULT_READ_LIMITS, overLimit, type ReadLimits } from './read/limits.js'
import { recognise } from './recognise/recognise.js'
import type { Plan } from './types.js'

/**
 * Plan files in a seeds folder: *.txt *.docx *.xlsx *.csv *.pdf *.doc, sorted by name (other files,
 * hidden files and Office lock files `~$x.docx` are not plans). Listing hashes the bytes so the index
 * knows when to rebuild; reading a file into a Plan happens only then (`readSeedPlan`).
 */
export interface SeedFile {
  name: string
  path: string
  /** sha256 of the file's bytes. */
  hash: string
}

export const SEED_FILE_RE = /^[^.~].*\.(?:txt|docx|xlsx|csv|pdf|doc)$/i

/** A plan file of the folder that cannot be read at all, with the reason (Chinese, for the log). */
export interface SkippedSeed {
  name: string
  why: string
}

/** The folder is missing, is no folder, or holds no plan file: start-up cannot go on. */
export class SeedsFolderError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SeedsFolderError'
  }
}

/**
 * The plan files of a folder. A file that cannot be read (a dangling link, a link loop, a pipe or
 * device, no permission, over the size limit) is skipped with the reason, never opened, and the
 * others go on: one bad entry never stops start-up while a good plan is beside it.
 */
export function listSeeds(dir: string, limits: ReadLimits = DEFAULT_READ_LIMITS): { files: SeedFile[]; skipped: SkippedSeed[] } {
  let names: string[]
  try {
    if (!statSync(dir).isDirectory())
      throw new SeedsFolderError(`工作要点文件夹 ${dir} 不是文件夹（BOT_SEEDS）。请把 BOT_SEEDS 指向存放工作要点文件的文件夹`)
    names = readdirSync(dir).filter((n) => SEED_FILE_RE.test(n))
  } catch (error) {
    if (error instanceof SeedsFolderError) throw error
    const code = (error as NodeJS.ErrnoException).code
    const problem =
      code === 'ENOENT'
        ? '不存在'
        : code === 'EACCES' || code === 'EPERM'
          ? '没有读取权限'
          : `无法打开（${code ?? (error as Error).message}）`
    throw new SeedsFolderError(
      `工作要点文件夹 ${dir} ${problem}（BOT_SEEDS）。请创建该文件夹并放入工作要点文件，或把 BOT_SEEDS 指向存放工作要点的文件夹`,
    )
  }
  const files: SeedFile[] = []
  const skipped: SkippedSeed[] = []
  for (const name of names.sort()) {
    const path = join(dir, name)
    try {
      const info = statSync(path)
      if (!info.isFile()) {
        skipped.push({ name, why: info.isDirectory() ? '是文件夹，不是文件' : '不是普通文件（管道、设备或套接字），未打开' })
        continue
      }
      if (info.size > limits.fileBytes) {
        skipped.push({ name, why: overLimit(name, 'fileBytes', limits, '文件大小', info.size).message })
        continue
      }
      files.push({ name, path, hash: createHash('sha256').update(readFileSync(path)).digest('hex') })
    } catch (error) {
      skipped.push({ name, why: unreadableWhy(error) })
    }
  }
  if (files.length === 0) {
    const found = skipped.length ? `；无法读取：${skipped.map((s) => `${s.name}（${s.why}）`).join('；')}` : ''
    throw new SeedsFolderError(
      `工作要点文件夹 ${dir} 里没有可读的工作要点文件（.txt .docx .xlsx .csv .pdf .doc）${found}。请放入工作要点文件，或把 BOT_SEEDS 指向存放它们的文件夹`,
    )
  }
  return { files, skipped }
}

/** The plan files of a folder (see listSeeds); unreadable ones are left out. */
export function readSeeds(dir: string, limits: ReadLimits = DEFAULT_READ_LIMITS): SeedFile[] {
  return listSeeds(dir, limits).files
}

function unreadableWhy(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return '是指向不存在文件的链接（或已被删除）'
  if (code === 'ELOOP') return '是循环指向自己的链接'
  if (code === 'EACCES' || code === 'EPERM') return '没有读取权限（请让运行机器人的系统用户可以读取它）'
  return `无法读取（${code ?? (error as Error).message}）`
}

/** A seed file read and recognised: its Plan (reader notes become problems) and its plain text. */
export async function readSeedPlan(
  path: string,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<{ plan: Plan; read: ReadPlan; text: string }> {
  // The readers (jszip, exceljs, pdf.js …) load only when a plan file is read, never on a warm index.
  const { readPlanFile } = await import('./read/index.js')
  const read = await readPlanFile(path, limits)
  const plan = recognise(read.file, read.blocks)
  for (const note of read.notes)
    plan.problems.push({
      kind: 'reader',
      file: note.where.file,
      line: note.where.line,
      ...(note.where.ref ? { ref: note.where.ref } : {}),
      message: note.message,
    })
  const text = read.blocks.map((b) => (b.kind === 'paragraph' ? b.text : b.cells.join('\t'))).join('\n')
  return { plan, read, text }
}

/** What a file without tasks held, for the message that refuses it: 「12 段文字、1 个表格（8 行）」. */
export function describeRead(read: ReadPlan): string {
  const paragraphs = read.blocks.filter((b) => b.kind === 'paragraph').length
  const rows = read.blocks.filter((b) => b.kind === 'row')
  const tables = new Set(rows.map((r) => (r.kind === 'row' ? r.table : 0))).size
  return `${paragraphs} 段文字${tables ? `、${tables} 个表格（${rows.length} 行）` : ''}`
}
