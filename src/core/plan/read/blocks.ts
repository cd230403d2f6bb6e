/**
 * What a reader gives the recogniser: the document as a flat list of blocks in reading order.
 * Readers only convert a container (decode text, walk paragraphs and tables, fill merged cells);
 * they know nothing about 牵头 or 责任单位. The one recogniser reads blocks, whatever the container.
 */

/** Where a block came from, for every problem report: file and 1-based line (or row), plus a cell. */
export interface Where {
  file: string
  /** 1-based: the text line (.txt/.csv), the paragraph or table row in body order (.docx), the sheet row (.xlsx), the text line (.pdf). */
  line: number
  /** A finer reference when the container has one: `Sheet1!B7`, `表1 第5行`, `第2页`. */
  ref?: string
}

export interface ParagraphBlock {
  kind: 'paragraph'
  text: string
  /** Outline level from the container (Word heading style 1–9), when it says one; absent otherwise. */
  heading?: number
  where: Where
}

export interface RowBlock {
  kind: 'row'
  /**
   * One string per grid column, trimmed, in-cell line breaks joined by one space. A cell covered by a
   * vertical merge repeats the value of the merge's first cell where the container says so (.docx,
   * .xlsx, a ruled .pdf table); where it cannot (an unruled .pdf table, text) the cell is '', and the
   * recogniser fills only headings (category columns) down, never units or deadlines. The columns a
   * horizontal merge covers after its first are ''.
   */
  cells: string[]
  /** 1-based table number in the document (each sheet of a workbook is a table). */
  table: number
  /**
   * True when the container itself marks the row as a header row (Word 「重复标题行」). Absent when it
   * does not say, which is most files: the recogniser still finds headers by their column names.
   */
  header?: boolean
  /**
   * True for a row split out of a text line by tabs or ` | ` (not a reader's grid): a cell under a
   * vertical merge may be missing there rather than '', so a short row's cells may belong further
   * right. The recogniser aligns such rows by their contents.
   */
  separated?: true
  where: Where
}

export type Block = ParagraphBlock | RowBlock

/** A plan file as read: its blocks, the format that read it, and its text for the search dictionary. */
export interface ReadPlan {
  file: string
  format: 'txt' | 'docx' | 'xlsx' | 'csv' | 'pdf' | 'doc'
  /** e.g. 'GB18030' for a .txt that was not UTF-8; shown by `npm run plan`. */
  encoding?: string
  blocks: Block[]
  /** Notes from the reader (a sheet skipped, a text layer missing), with where. */
  notes: { where: Where; message: string }[]
}
