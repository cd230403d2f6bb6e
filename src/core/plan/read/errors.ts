/**
 * The one error a reader throws: a message in Chinese that names the file, says what went wrong and
 * what the user can do. Callers print `message` as is; `file` is the base name, for logs.
 */
export class PlanReadError extends Error {
  readonly file: string

  constructor(file: string, problem: string, remedy: string, options?: { cause?: unknown }) {
    super(`无法读取工作要点文件「${file}」：${problem}。${remedy}`, options)
    this.name = 'PlanReadError'
    this.file = file
  }
}

/** Bytes every OLE compound file starts with: old .doc/.xls, and also an encrypted .docx/.xlsx. */
const COMPOUND_FILE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

export function isCompoundFile(bytes: Uint8Array): boolean {
  return COMPOUND_FILE_MAGIC.every((b, i) => bytes[i] === b)
}

/** An empty file is refused the same way in every format. */
export function assertNotEmpty(bytes: Uint8Array, file: string): void {
  if (bytes.length === 0) throw new PlanReadError(file, '文件是空的（0 字节）', '请确认上传的是完整的文件后重试')
}
