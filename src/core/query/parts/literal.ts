/**
 * The words a literal question looks for (「哪几条提到酱板鸭」「抽检两个字出现在哪些任务里」): after the
 * marker, or before it when nothing follows, without the words that only point at them. Pure.
 */

/** A stretch of the question no part took, with where it starts. */
export interface Segment {
  start: number
  text: string
}

/** The words right after 提到/说到 (up to the next part): what must appear in the task text. */
export function literalIn(segments: Segment[], after: number): string | undefined {
  const next = segments.find((s) => s.start >= after && s.start <= after + 1)
  const words = next?.text
    .replace(/^[了过到\s]+/, '')
    .replace(/(?:的地方|的内容|的是|的有|的|了|过|这个词|这几个字|字样|等|吗|没有)+[\s?？。]*$/, '')
    .trim()
  return words && words.length >= 1 ? words : undefined
}

/** 「泵房在哪几条里出现过」: with nothing after the marker, the words named before the question. */
export function literalBefore(segments: Segment[], marker: number): string | undefined {
  const first = segments.find((s) => s.start < marker && s.text.replace(/[\s，,。?？]/g, '').length > 0)
  const words = first?.text
    .trim()
    .replace(/(?:在|是|于|里|中|有|的|要点|工作要点|文件|原文|全文)+$/, '')
    .replace(LITERAL_NOISE_END, '')
    .trim()
  return words && words.length >= 1 ? words : undefined
}

/** 「抽检两个字」「民生这个词」: what names the words asked for, not part of them. */
const LITERAL_NOISE_END = /(?:[一两二三四五几\d]个字|这个词|这个字|这几个字|这个说法|这个提法|字样|字眼)$/
/**
 * Pieces of a literal question that only point at the words or the text (「这个词在哪些条出现过」 leaves
 * 这个词, 条, 出现): dropped whole, so they never become a topic the tasks must also be about.
 */
export const LITERAL_NOISE_ONLY =
  /^(?:[一两二三四五几\d]个字|这个词|这个字|这几个字|这个说法|字样|字眼|要点|工作要点|原文|全文|文件|里面|里|中|在|有|了|过|到|的|条|项|字|词|次|几次|多少次|出现|地方|处|吗|呢)+$/
