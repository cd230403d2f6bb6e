// word-extractor: pure JavaScript, reads the Word 97–2003 binary format (OLE compound file) with
// no native code or external program; the only maintained reader of .doc text on npm.
import type { ParagraphBlock, ReadPlan } from './blocks.js'
import { docLines } from './doc-lines.js'
import { readDocx } from './docx.js'
import { isCompoundFile, PlanReadError } from './errors.js'
import { DEFAULT_READ_LIMITS, type ReadLimits } from './limits.js'

const SAVE_AS_DOCX = '请在 Word/WPS 中打开，另存为 .docx 后再上传'

/**
 * An old binary Word .doc: body text only, one paragraph block per line (see docLines: table rows as
 * tab-separated lines, as in a .txt). Word's heading styles and list numbers are not available
 * from this format, hence the note suggesting .docx. A .docx merely named .doc is read as a .docx.
 */
export async function readDoc(bytes: Uint8Array, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ReadPlan> {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readDocx(bytes, file, limits)
  if (!isCompoundFile(bytes)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).toLowerCase()
    const kind = head.startsWith('{\\rtf') ? 'RTF 格式' : /<html|<\?xml|<body/.test(head) ? '网页（HTML/XML）格式' : '无法识别的格式'
    throw new PlanReadError(file, `文件名是 .doc，内容却是${kind}`, SAVE_AS_DOCX)
  }
  const { default: WordExtractor } = await import('word-extractor')
  let body: string
  try {
    const document = await new WordExtractor().extract(Buffer.from(bytes))
    // filterUnicode would turn Chinese quotes “” and dashes — into ASCII: keep the text as written.
    body = document.getBody({ filterUnicode: false })
  } catch (error) {
    throw new PlanReadError(file, '旧版 Word 文件已损坏、已加密或无法解析', SAVE_AS_DOCX, { cause: error })
  }
  const blocks: ParagraphBlock[] = docLines(body).map(({ text, line }) => ({ kind: 'paragraph', text, where: { file, line } }))
  if (blocks.length === 0) throw new PlanReadError(file, '从旧版 Word 文件中没有读到文字（可能已加密或内容是图片）', SAVE_AS_DOCX)
  return {
    file,
    format: 'doc',
    blocks,
    notes: [{ where: { file, line: 1 }, message: '旧版 .doc 不含标题级别和自动编号，另存为 .docx 读得更准' }],
  }
}
