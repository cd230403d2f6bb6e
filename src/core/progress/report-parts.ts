import { foldText } from '../text/normalise.js'

/**
 * The three parts of a 督办 report: 本月进展 (what was done), 存在问题 (what stands in the way) and
 * 下步计划 (what comes next). A clerk may label them (「存在问题：…」「【下步计划】…」「二、存在的困难：…」,
 * in either script and either width) or just write them: a sentence that opens with 存在的问题是 /
 * 困难在于 / 仍存在 is a problem, one that opens with 下一步 / 下阶段 / 接下来 / 后续 a plan, the rest
 * progress. The parts are cut from the text as written, so they keep the user's own punctuation. Pure.
 */

export interface ReportParts {
  progress: string
  problems: string | null
  next: string | null
}

type Part = keyof ReportParts

const LABELS: [Part, string][] = [
  ['progress', '本月(?:工作)?进展|本期(?:工作)?进展|本月(?:工作)?情况|工作进展|进展情况|主要进展|完成情况|主要做法|工作开展情况'],
  ['problems', '存在(?:的)?(?:主要)?(?:问题|困难)(?:(?:和|与|及)(?:问题|困难))?|(?:主要)?(?:困难|问题)(?:(?:和|与|及)(?:问题|困难))?'],
  ['next', '下(?:一)?步(?:工作)?(?:计划|打算|安排|措施|思路)?|下阶段(?:工作)?(?:计划|打算|安排)?|下月(?:工作)?(?:计划|打算|安排)'],
]

/** A label at the start of the text or of a line/sentence, optionally numbered or bracketed, then a colon or 】. */
const LABEL_RE = new RegExp(
  `(?:^|(?<=[\\n。；;！!？?]))\\s*(?:[一二三四五1-5][、.]\\s*|[（(][一二三四五1-5][)）]\\s*)?【?(?:${LABELS.map(([part, words]) => `(?<${part}>${words})`).join('|')})\\s*(?:[:：]|】)\\s*`,
  'gu',
)

const PROBLEM_CUE =
  /^(?:目前|当前|但是?|同时)?[，,]?\s*(?:存在的?(?:主要)?(?:问题|困难)|主要(?:问题|困难)|(?:问题|困难)(?:是|在于|主要是)|仍(?:然)?存在|还存在|尚存在|仍有|面临)/
const NEXT_CUE = /^(?:下一步|下步|下阶段|下一阶段|接下来|后续|下月|下个月|今后)/
const SENTENCE = /[^。；;！!？?\n]+[。；;！!？?\n]*/g

/**
 * Folds each character on its own (width, script), keeping one folded character per original code
 * unit so offsets found in the folded text cut the original. A character whose folding changes its
 * length is kept as it is.
 */
export function foldAligned(text: string): string {
  let out = ''
  for (const ch of text) {
    const folded = foldText(ch)
    out += folded.length === ch.length ? folded : ch
  }
  return out
}

/** A part as shown: its pieces on lines of their own, without the separator that ended them (；,). */
function joined(pieces: string[]): string | null {
  const text = pieces
    .map((p) => p.trim().replace(/[；;，,、\s]+$/u, ''))
    .filter(Boolean)
    .join('\n')
  return text || null
}

export function reportParts(text: string): ReportParts {
  const folded = foldAligned(text)
  const marks = [...folded.matchAll(LABEL_RE)].map((m) => ({
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
    part: (LABELS.find(([part]) => m.groups?.[part] !== undefined)?.[0] ?? 'progress') as Part,
  }))
  const pieces: Record<Part, string[]> = { progress: [], problems: [], next: [] }
  if (marks.length === 0) {
    for (const m of text.matchAll(SENTENCE)) {
      const sentence = m[0]
      const head = foldAligned(sentence).trim()
      pieces[PROBLEM_CUE.test(head) ? 'problems' : NEXT_CUE.test(head) ? 'next' : 'progress'].push(sentence)
    }
  } else {
    pieces.progress.push(text.slice(0, marks[0]?.start ?? 0))
    marks.forEach((mark, k) => {
      pieces[mark.part].push(text.slice(mark.end, marks[k + 1]?.start ?? text.length))
    })
  }
  return { progress: joined(pieces.progress) ?? '', problems: joined(pieces.problems), next: joined(pieces.next) }
}
