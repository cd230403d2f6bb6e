// word-extractor ships no types, and @types/word-extractor omits getBody's options.
declare module 'word-extractor' {
  interface ExtractedDocument {
    /** filterUnicode (default true) turns “” ‘’ — into ASCII; false keeps the text as written. */
    getBody(options?: { filterUnicode?: boolean }): string
  }
  export default class WordExtractor {
    extract(source: string | Buffer): Promise<ExtractedDocument>
  }
}
