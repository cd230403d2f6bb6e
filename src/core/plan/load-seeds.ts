import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ReadPlan } from './read/blocks.js'
import { readPlanFile } from './read/index.js'
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

export function readSeeds(dir: string): SeedFile[] {
  let names: string[]
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder')
    names = readdirSync(dir).filter((n) => SEED_FILE_RE.test(n) && statSync(join(dir, n)).isFile())
  } catch (error) {
    throw new Error(`seeds: cannot read plan folder ${dir}: ${(error as Error).message}`)
  }
  if (names.length === 0) throw new Error(`seeds: no plan files (*.txt *.docx *.xlsx *.csv *.pdf) in ${dir}`)
  return names.sort().map((name) => {
    const path = join(dir, name)
    return { name, path, hash: createHash('sha256').update(readFileSync(path)).digest('hex') }
  })
}

/** A seed file read and recognised: its Plan (reader notes become problems) and its plain text. */
export async function readSeedPlan(path: string): Promise<{ plan: Plan; read: ReadPlan; text: string }> {
  const read = await readPlanFile(path)
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
