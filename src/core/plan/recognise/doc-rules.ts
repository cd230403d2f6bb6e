/**
 * Rules a document states once and means for many tasks:
 *   「排第一的为牵头单位」「列第一位者为牵头单位，下同」                → the first of a 责任单位 list leads
 *   「以下任务均需各县（市、区）配合落实，不再一一列出」              → those bodies co-operate on every task after it
 *   「各县（市、区）参照执行」「各分局参照本要点执行」                  → those bodies carry out every task at their level
 * Found in any paragraph, cell or clause; the recogniser applies them and `npm run plan` prints them. Pure.
 */

/** 「排第一的为牵头单位」「列第一位者为牵头单位」「第一个单位为牵头单位」 */
export const LEAD_RULE_RE =
  /(?:排|列|位列|排在|列在|排名|名列)?(?:第一|首位|首个|第一个)(?:位|个)?(?:的|者)?(?:责任)?(?:单位|部门|科室|处室)?(?:的|者)?(?:为|是|作为)(?:主要|主)?牵头(?:单位|部门|科室|处室)?/

/** The lead rule with what follows it inside a clause: 「，下同」「（下同）」. */
const RULE_IN_CLAUSE_RE = new RegExp(`[，,；;]?\\s*(?:${LEAD_RULE_RE.source})\\s*(?:[，,]?\\s*(?:[（(]下同[）)]|下同))?`, 'g')

/** 「以下任务均需各县（市、区）配合落实，不再一一列出」: group 1 is who co-operates. */
const PARTNERS_ALL_RE =
  /(?:以下|下列|下述|各项|所有)[^。；;]{0,12}?(?:均需|均要|均由|都需|均应|需要)(?:由)?([^。；;，,]{2,30}?)(?:配合|协助|参与)(?:落实|实施|完成|做好)?[^。；;]{0,6}?[，,]?\s*(?:不再(?:一一)?(?:列出|列明|列举|注明|标注))/

/** 「各县（市、区）参照执行」「各分局参照本要点执行」: group 1 is who carries the plan out at their level. */
const SHARED_RE = /(各[^。；;，,：:]{1,24}?)(?:要|应|可)?参照(?:本(?:要点|方案|计划|意见|通知))?(?:执行|落实|实施)/

/** A clause body without the words of a lead rule written inside it. */
export function stripRuleWords(body: string): string {
  return body.replace(RULE_IN_CLAUSE_RE, '').replace(/[（(]\s*下同\s*[）)]/g, '')
}

export interface FoundRule {
  kind: 'lead-first' | 'partners-all' | 'shared'
  sentence: string
  /** Who co-operates or shares (partners-all, shared). */
  names: string[]
}

/** The rules a paragraph or cell states. */
export function rulesIn(text: string): FoundRule[] {
  const found: FoundRule[] = []
  const lead = text.match(LEAD_RULE_RE)
  // Inside a clause 「（责任单位：A、B，列第一位者为牵头单位，下同）」 the rule is only its own words.
  const inClause = text.match(RULE_IN_CLAUSE_RE)?.[0].replace(/^[，,；;\s]+/, '')
  if (lead) {
    const sentence = sentenceAround(text, lead.index ?? 0)
    found.push({ kind: 'lead-first', sentence: /[（(【[]/.test(sentence) && inClause ? inClause : sentence, names: [] })
  }
  const partners = text.match(PARTNERS_ALL_RE)
  if (partners?.[1])
    found.push({ kind: 'partners-all', sentence: sentenceAround(text, partners.index ?? 0), names: splitNames(partners[1]) })
  const shared = text.match(SHARED_RE)
  if (shared?.[1]) found.push({ kind: 'shared', sentence: sentenceAround(text, shared.index ?? 0), names: splitNames(shared[1]) })
  return found
}

/** 「各县（市、区）和各开发区」 → two names; the level words of one group stay together. */
function splitNames(list: string): string[] {
  return list
    .replace(/^由/, '')
    .split(/(?:和|及|以及)(?=各)|、(?=各)/)
    .map((n) => n.trim())
    .filter(Boolean)
}

/** The sentence of a text that holds the position `at`. */
function sentenceAround(text: string, at: number): string {
  const start = Math.max(...['。', '；', ';', '\n'].map((p) => text.lastIndexOf(p, at - 1))) + 1
  const ends = ['。', '；', ';', '\n'].map((p) => text.indexOf(p, at)).filter((k) => k >= 0)
  const end = ends.length ? Math.min(...ends) + 1 : text.length
  return text.slice(start, end).trim()
}
