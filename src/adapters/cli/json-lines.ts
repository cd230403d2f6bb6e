import { StringDecoder } from 'node:string_decoder'

/**
 * Input lines of `ask --jsonl`, split on \n only (a \r before it is dropped, for files saved on
 * Windows). node:readline also ends a line at a lone \r and, from Node 24 on, at U+2028 and U+2029,
 * which JSON allows raw inside strings: one JSON line would come out as several. UTF-8 is decoded
 * across chunk boundaries, so a character split between two reads stays whole.
 */
export async function* jsonLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk)
    let end = pending.indexOf('\n')
    while (end >= 0) {
      yield pending.slice(0, end).replace(/\r$/, '')
      pending = pending.slice(end + 1)
      end = pending.indexOf('\n')
    }
  }
  pending += decoder.end()
  if (pending) yield pending.replace(/\r$/, '')
}

/**
 * How a member's value was typed on the line, for echoing it in a refusal: a number as written
 * (`1e999`, `12345678901234567891`, which JSON.parse turns into Infinity or a rounded double), any
 * other value as JSON. Undefined when the number's text cannot be found (then nothing is echoed,
 * rather than a value the user never sent).
 */
export function typedValue(line: string, field: string, value: unknown): string | undefined {
  if (typeof value !== 'number') return JSON.stringify(value)
  const member = new RegExp(`"${field}"\\s*:\\s*(-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`, 'g')
  for (const found of line.matchAll(member)) if (Object.is(Number(found[1]), value)) return found[1]
  return undefined
}
