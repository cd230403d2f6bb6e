import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type JSZip from 'jszip'
import { PlanReadError } from './errors.js'
import { overLimit, type ReadLimits } from './limits.js'

/**
 * Size checks of a .docx/.xlsx package before any part of it is inflated for reading. The zip's
 * central directory declares each part's compressed and uncompressed size: too many parts, or
 * declared sizes over the limit, are refused at once. Declared sizes can lie (a crafted zip bomb),
 * so every part is then inflated as a stream and counted, and reading stops as soon as the running
 * total passes the limit: memory stays at one chunk, time at the limit's worth of inflating. While a
 * worksheet streams by, its rows and cells are counted too, so a million-row sheet is refused before
 * exceljs builds a cell object for each.
 */

/** What jszip read from the central directory; `_data` is not in jszip's typings, stable through 3.x. */
interface DeclaredSizes {
  _data?: { compressedSize?: number; uncompressedSize?: number }
}

const REMEDY = '请用 Office/WPS 打开确认文件完好，另存后再上传'

/** Worksheets of an .xlsx, whose rows and cells are counted. */
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i

export async function checkZipSizes(zip: JSZip, file: string, limits: ReadLimits): Promise<void> {
  const parts = Object.values(zip.files).filter((entry) => !entry.dir)
  if (parts.length > limits.zipEntries) throw overLimit(file, 'zipEntries', limits, '压缩包内的部件数', parts.length)
  let declared = 0
  for (const part of parts) {
    const sizes = (part as unknown as DeclaredSizes)._data
    declared += Math.max(sizes?.uncompressedSize ?? 0, 0)
    if (declared > limits.unzippedBytes) throw overLimit(file, 'unzippedBytes', limits, '解压后的大小', declared)
  }
  let inflated = 0
  for (const part of parts) {
    const counter = WORKSHEET.test(part.name) ? new SheetCounter(file, part.name, limits) : undefined
    inflated = await inflateCounting(part, inflated, file, limits, counter)
  }
}

/** Inflates one part as a stream, adding its bytes to `total`; rejects once the total passes the limit. */
function inflateCounting(
  part: JSZip.JSZipObject,
  total: number,
  file: string,
  limits: ReadLimits,
  counter?: SheetCounter,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const stream = part.nodeStream('nodebuffer') as Readable
    let sum = total
    const stop = (error: Error) => {
      stream.removeAllListeners('data')
      stream.destroy()
      reject(error)
    }
    stream.on('data', (chunk: Buffer) => {
      sum += chunk.length
      if (sum > limits.unzippedBytes) return stop(overLimit(file, 'unzippedBytes', limits, '解压后的大小', sum))
      try {
        counter?.add(chunk)
      } catch (error) {
        stop(error as Error)
      }
    })
    // jszip fails an entry whose inflated size differs from the one its directory declares.
    stream.on('error', (error: Error) =>
      reject(new PlanReadError(file, `压缩包已损坏（部件「${part.name}」无法解压：${error.message}）`, REMEDY, { cause: error })),
    )
    stream.on('end', () => resolve(sum))
  })
}

/**
 * Counts `<row` and `<c` start tags of a worksheet's XML as it streams (with or without a namespace
 * prefix), carrying a tag cut between two chunks over to the next one.
 */
class SheetCounter {
  private readonly decoder = new StringDecoder('utf8')
  private carry = ''
  private rows = 0
  private cells = 0

  constructor(
    private readonly file: string,
    private readonly part: string,
    private readonly limits: ReadLimits,
  ) {}

  add(chunk: Buffer): void {
    const text = this.carry + this.decoder.write(chunk)
    const open = text.lastIndexOf('<')
    const whole = open >= 0 && text.length - open < 16 ? text.slice(0, open) : text
    this.carry = text.slice(whole.length)
    for (const tag of whole.matchAll(/<(?:[A-Za-z][\w.-]*:)?(row|c)[\s/>]/g)) {
      if (tag[1] === 'row') this.rows++
      else this.cells++
    }
    const sheet = `工作表 ${this.part.replace(/^.*\//, '')} 的`
    if (this.rows > this.limits.sheetRows) throw overLimit(this.file, 'sheetRows', this.limits, `${sheet}行数`, this.rows)
    if (this.cells > this.limits.sheetCells) throw overLimit(this.file, 'sheetCells', this.limits, `${sheet}单元格数`, this.cells)
  }
}
