// csv-parse (node-csv project): maintained, synchronous, and reports each record's line, which
// where.line needs; papaparse gives no line numbers for records that span lines.
import { type Info, parse } from 'csv-parse/sync'
import type { ReadPlan, RowBlock } from './blocks.js'
import { PlanReadError } from './errors.js'
import { DEFAULT_READ_LIMITS, overLimit, type ReadLimits } from './limits.js'
import { cleanCell, isBlankRow, squareTable } from './rows.js'
import { assertText, decodeText } from './text.js'

/**
 * A .csv plan (comma-separated, RFC 4180 quoting; UTF-8 or GB18030 like a .txt): every non-blank
 * record is a row of table 1, `where.line` being the text line the record starts on.
 */
export function readCsv(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): ReadPlan {
  const { text, encoding } = decodeText(bytes)
  assertText(text, file)
  // One line ending for all: csv-parse miscounts lines after a blank CRLF line.
  const normalised = text.replace(/\r\n?/g, '\n')
  let records: { record: string[]; info: Info }[]
  try {
    // With info: true each record comes as { record, info } (the typings only know the plain form).
    records = parse(normalised, {
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // One record past the limit is enough to refuse: the rest is never parsed.
      to: limits.sheetRows + 1,
    }) as unknown as typeof records
  } catch (error) {
    throw new PlanReadError(file, `CSV 格式有误（${(error as Error).message}）`, '请用 Excel 打开后另存为 .xlsx 或 UTF-8 CSV 再上传', {
      cause: error,
    })
  }
  if (records.length > limits.sheetRows) throw overLimit(file, 'sheetRows', limits, '记录行数')
  const fields = records.reduce((n, { record }) => n + record.length, 0)
  if (fields > limits.sheetCells) throw overLimit(file, 'sheetCells', limits, '单元格数', fields)
  const rows: RowBlock[] = []
  for (const { record, info } of records) {
    const cells = record.map(cleanCell)
    if (isBlankRow(cells)) continue
    // info.lines is the line the record ends on; quoted line breaks inside it push that down.
    const breaks = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0)
    rows.push({ kind: 'row', cells, table: 1, where: { file, line: info.lines - breaks } })
  }
  return { file, format: 'csv', encoding, blocks: squareTable(rows), notes: [] }
}
