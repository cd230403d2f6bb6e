import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { ReadPlan } from './blocks.js'
import { readCsv } from './csv.js'
import { readDoc } from './doc.js'
import { readDocx } from './docx.js'
import { assertNotEmpty, PlanReadError } from './errors.js'
import { DEFAULT_READ_LIMITS, overLimit, type ReadLimits } from './limits.js'
import { readPdf } from './pdf.js'
import { readTxt } from './text.js'
import { readXlsx } from './xlsx.js'

export type { Block, ParagraphBlock, ReadPlan, RowBlock, Where } from './blocks.js'
export { PlanReadError } from './errors.js'
export { DEFAULT_READ_LIMITS, type ReadLimits } from './limits.js'

/** The plan files readPlanFile reads, by extension (case-insensitive). */
export const PLAN_FILE_RE = /\.(?:txt|md|csv|docx|xlsx|pdf|doc)$/i

type Reader = (bytes: Uint8Array, file: string, limits: ReadLimits) => ReadPlan | Promise<ReadPlan>

const READERS: Record<string, Reader> = {
  '.txt': readTxt,
  '.md': readTxt,
  '.csv': readCsv,
  '.docx': readDocx,
  '.xlsx': readXlsx,
  '.pdf': readPdf,
  '.doc': readDoc,
}

/** Formats users send that have a readable sibling: what to save them as. */
const SAVE_AS: Record<string, string> = {
  '.xls': '.xlsx',
  '.et': '.xlsx',
  '.wps': '.docx',
  '.rtf': '.docx',
  '.odt': '.docx',
  '.ods': '.xlsx',
  '.docm': '.docx',
  '.xlsm': '.xlsx',
}

/**
 * Reads a plan file into blocks, choosing the reader by extension. Every failure a user can cause
 * (unknown format, missing, empty, damaged, encrypted or oversized file, a folder, a pipe, a scanned
 * PDF) is a PlanReadError whose message, in Chinese, names the file and says what to do; nothing
 * else is thrown on purpose. Only a regular file is opened (opening a FIFO would wait forever), and
 * only after its size is checked against `limits.fileBytes`; each reader checks the rest (limits.ts).
 */
export async function readPlanFile(filePath: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ReadPlan> {
  const file = path.basename(filePath)
  const extension = path.extname(file).toLowerCase()
  const reader = READERS[extension]
  const kind = await fileKind(filePath)
  if (kind.size === undefined) throw new PlanReadError(file, kind.problem, kind.remedy)
  if (!reader) {
    const saveAs = SAVE_AS[extension]
    const remedy = saveAs ? `请另存为 ${saveAs} 后再上传` : '请另存为 .docx、.xlsx、.txt、.csv 或 .pdf 后再上传'
    throw new PlanReadError(file, `不支持「${extension || '无扩展名'}」格式`, remedy)
  }
  if (kind.size > limits.fileBytes) throw overLimit(file, 'fileBytes', limits, '文件大小', kind.size)
  let bytes: Uint8Array
  try {
    bytes = await readFile(filePath)
  } catch (error) {
    throw unreadable(file, error)
  }
  assertNotEmpty(bytes, file)
  if (bytes.length > limits.fileBytes) throw overLimit(file, 'fileBytes', limits, '文件大小', bytes.length)
  let read: ReadPlan
  try {
    read = await reader(bytes, file, limits)
  } catch (error) {
    if (error instanceof PlanReadError) throw error
    // A library failing in a way its reader did not foresee: still one clear message, cause kept.
    throw new PlanReadError(
      file,
      `读取时出错（${(error as Error)?.message ?? String(error)}）`,
      '请用 Office/WPS 打开确认文件完好，另存后再上传',
      {
        cause: error,
      },
    )
  }
  // Whatever the container, the recogniser gets a bounded number of paragraphs and rows.
  if (read.blocks.length > limits.sheetRows) throw overLimit(file, 'sheetRows', limits, '段落和表格行数', read.blocks.length)
  return read
}

/** A regular file's size, or why the path is no file to read (without opening it). */
async function fileKind(filePath: string): Promise<{ size: number } | { size?: undefined; problem: string; remedy: string }> {
  try {
    const info = await stat(filePath)
    if (info.isFile()) return { size: info.size }
    if (info.isDirectory()) return { problem: '这是一个文件夹，不是文件', remedy: '请指定文件夹里的工作要点文件' }
    return { problem: '这不是普通文件（是管道、设备或套接字）', remedy: '请放入工作要点文件本身' }
  } catch (error) {
    const { problem, remedy } = unreadableReason(error)
    return { problem, remedy }
  }
}

function unreadableReason(error: unknown): { problem: string; remedy: string } {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return { problem: '文件不存在（或是指向不存在文件的链接）', remedy: '请检查文件路径；若是链接，请指向实际文件' }
  if (code === 'ELOOP') return { problem: '链接循环指向自己，无法打开', remedy: '请删除该链接，放入文件本身' }
  if (code === 'EACCES' || code === 'EPERM')
    return { problem: '没有读取权限', remedy: '请让运行机器人的系统用户可以读取该文件（chmod/chown）' }
  if (code === 'EISDIR') return { problem: '这是一个文件夹，不是文件', remedy: '请指定文件夹里的工作要点文件' }
  return { problem: `文件打不开（${code ?? String(error)}）`, remedy: '请检查文件路径和权限' }
}

function unreadable(file: string, error: unknown): PlanReadError {
  const { problem, remedy } = unreadableReason(error)
  return new PlanReadError(file, problem, remedy, { cause: error })
}
