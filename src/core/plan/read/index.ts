import { statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { ReadPlan } from './blocks.js'
import { readCsv } from './csv.js'
import { readDoc } from './doc.js'
import { readDocx } from './docx.js'
import { assertNotEmpty, PlanReadError } from './errors.js'
import { readPdf } from './pdf.js'
import { readTxt } from './text.js'
import { readXlsx } from './xlsx.js'

export type { Block, ParagraphBlock, ReadPlan, RowBlock, Where } from './blocks.js'
export { PlanReadError } from './errors.js'

/** The plan files readPlanFile reads, by extension (case-insensitive). */
export const PLAN_FILE_RE = /\.(?:txt|md|csv|docx|xlsx|pdf|doc)$/i

type Reader = (bytes: Uint8Array, file: string) => ReadPlan | Promise<ReadPlan>

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
 * (unknown format, missing, empty, damaged or encrypted file, scanned PDF) is a PlanReadError whose
 * message, in Chinese, names the file and says what to do; nothing else is thrown on purpose.
 */
function isFolder(filePath: string): boolean {
  try {
    return statSync(filePath).isDirectory()
  } catch {
    return false
  }
}

export async function readPlanFile(filePath: string): Promise<ReadPlan> {
  const file = path.basename(filePath)
  const extension = path.extname(file).toLowerCase()
  if (isFolder(filePath)) throw new PlanReadError(file, '这是一个文件夹，不是文件', '请指定文件夹里的工作要点文件')
  const reader = READERS[extension]
  if (!reader) {
    const saveAs = SAVE_AS[extension]
    const remedy = saveAs ? `请另存为 ${saveAs} 后再上传` : '请另存为 .docx、.xlsx、.txt、.csv 或 .pdf 后再上传'
    throw new PlanReadError(file, `不支持「${extension || '无扩展名'}」格式`, remedy)
  }
  let bytes: Uint8Array
  try {
    bytes = await readFile(filePath)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem =
      code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹，不是文件' : `文件打不开（${code ?? String(error)}）`
    throw new PlanReadError(file, problem, '请检查文件路径和权限', { cause: error })
  }
  assertNotEmpty(bytes, file)
  try {
    return await reader(bytes, file)
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
}
