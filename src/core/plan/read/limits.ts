import { PlanReadError } from './errors.js'

/**
 * How much a plan file may hold before a reader refuses it. Every reader checks these at its entry,
 * before it inflates, parses or loads anything large, so a hostile or broken file (a zip bomb named
 * .docx, a sheet of a million rows, a PDF of ten thousand pages, a 50 MB text) is refused within
 * seconds and in bounded memory, with a message naming the file and the limit. The defaults leave
 * room for any real work plan (the largest real ones are a few hundred tasks, well under 1 MB of
 * text); each is a setting (config.ts, README「读取上限」).
 */
export interface ReadLimits {
  /** Bytes of the file on disk, any format (BOT_PLAN_MAX_MB). */
  fileBytes: number
  /** Bytes of all parts of a .docx/.xlsx once unzipped, declared or actual (BOT_PLAN_MAX_UNZIPPED_MB). */
  unzippedBytes: number
  /** Parts in a .docx/.xlsx package. */
  zipEntries: number
  /** Rows of one sheet (.xlsx), records of a .csv, and paragraphs plus rows of any plan (BOT_PLAN_MAX_ROWS). */
  sheetRows: number
  /** Cells of one sheet (.xlsx) or fields of a .csv (BOT_PLAN_MAX_CELLS). */
  sheetCells: number
  /** Pages of a PDF (BOT_PLAN_MAX_PAGES). */
  pdfPages: number
}

const MB = 1024 * 1024

export const DEFAULT_READ_LIMITS: ReadLimits = {
  fileBytes: 20 * MB,
  unzippedBytes: 30 * MB,
  zipEntries: 5_000,
  sheetRows: 20_000,
  sheetCells: 200_000,
  pdfPages: 500,
}

/** The setting that raises each limit, named in every refusal so an operator knows what to change. */
export const LIMIT_SETTING: Record<keyof ReadLimits, string> = {
  fileBytes: 'BOT_PLAN_MAX_MB',
  unzippedBytes: 'BOT_PLAN_MAX_UNZIPPED_MB',
  zipEntries: 'BOT_PLAN_MAX_UNZIPPED_MB',
  sheetRows: 'BOT_PLAN_MAX_ROWS',
  sheetCells: 'BOT_PLAN_MAX_CELLS',
  pdfPages: 'BOT_PLAN_MAX_PAGES',
}

/** 20 MB, 1.5 MB, 900 KB: a size as an operator reads it. */
export function sizeText(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

const AMOUNT: Record<keyof ReadLimits, (n: number) => string> = {
  fileBytes: sizeText,
  unzippedBytes: sizeText,
  zipEntries: (n) => `${n} 个部件`,
  sheetRows: (n) => `${n} 行`,
  sheetCells: (n) => `${n} 个单元格`,
  pdfPages: (n) => `${n} 页`,
}

/**
 * The refusal for a file over a limit: 「无法读取工作要点文件「x.docx」：解压后超过 50 MB（上限 50 MB，
 * 设置项 BOT_PLAN_MAX_UNZIPPED_MB）……」. `found` is what was seen (at least, when reading stopped early).
 */
export function overLimit(file: string, limit: keyof ReadLimits, limits: ReadLimits, what: string, found?: number): PlanReadError {
  const amount = AMOUNT[limit]
  const seen = found === undefined ? '' : `（已读到 ${amount(found)}）`
  return new PlanReadError(
    file,
    `${what}超过上限 ${amount(limits[limit])}${seen}，可能不是工作要点或文件已损坏`,
    `请确认文件内容；确为工作要点时，可调大设置项 ${LIMIT_SETTING[limit]} 后重启`,
  )
}
