/**
 * JSON for the machine interface (`ask --json`, `ask --jsonl`): one line per answer. JSON.stringify
 * leaves U+2028 and U+2029 raw; they are legal JSON but end a line for JavaScript and many
 * line-based readers, so they are written as \u2028 and \u2029 and every answer stays one line.
 */
export function machineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
