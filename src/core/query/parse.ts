import { topicOf } from '../search/topic.js'
import { trimFiller } from '../text/normalise.js'
import { type Cue, type CueHit, type CuePart, findCues } from './cues.js'
import { type Ask, type ChatKind, type DocumentPart, emptyFrame, type Frame, type Relation, type UnitPart } from './frame.js'
import { LITERAL_NOISE_ONLY, literalBefore, literalIn, type Segment } from './parts/literal.js'
import { findPeriods, findRanges, findSectionRefs, findTaskRefs, type PeriodPart } from './parts/refs.js'
import type { UnitFinder, UnitFound } from './parts/units.js'
import { type PlanWords, type WordSpan, wordSpans } from './slips.js'

/**
 * Reads a question into a frame. Small finders each find one kind of part anywhere in the sentence
 * (numbers: refs.ts; units: units.ts; everything said in words: the cues of
 * lexicon/question-cues.json); overlapping candidates are settled longest first, structural parts
 * (task and section numbers, periods, quoted words) before units and units before cue words; then
 * the parts are put together (a relation binds to the unit beside it, an aggregate turns 「哪个科室」
 * into a ranking, an ordinal finds its section) and what is left of the sentence is the topic,
 * searched by the answers. No finder matches a whole sentence, so a way of asking nobody wrote
 * down works when its parts are known.
 */

export interface ParseEnv {
  cues: readonly Cue[]
  units: UnitFinder
  words: PlanWords
  /** The section whose title the words name (食品安全 → 「…保障食品安全」), if one does. */
  sectionByTitle(words: string): number | undefined
  /** How many sections the plan has (最后一部分). */
  sections: number
}

type Chosen =
  | { kind: 'task'; start: number; end: number; task: number; leading: boolean }
  | { kind: 'range'; start: number; end: number; from: number; to: number }
  | { kind: 'section'; start: number; end: number; section: number | 'last' }
  | { kind: 'period'; start: number; end: number; part: PeriodPart }
  | { kind: 'quote'; start: number; end: number; words: string }
  | { kind: 'unit'; start: number; end: number; found: UnitFound }
  | { kind: 'cue'; start: number; end: number; cue: CueHit }

/** Lower tiers win overlaps first: numbers and quotes, then units, then cue words. */
function tierOf(c: Chosen): number {
  if (c.kind === 'unit') return c.found.unknown ? 3 : c.found.readAs || c.found.choices ? 2 : 1
  return c.kind === 'cue' ? 2 : 0
}

/**
 * Among cue words, the more particular kind of part wins an overlap before length does: 「总体目标」 is
 * the document's goal, not a target; 「有数字目标」 filters, it does not ask; 「你会干什么」 asks about the bot.
 */
const CUE_RANK: Record<CuePart, number> = {
  ordinal: 0,
  bot: 1,
  document: 2,
  shape: 3,
  among: 3,
  figure: 3,
  literal: 4,
  due: 5,
  unreported: 6,
  ask: 7,
  relation: 8,
  aggregate: 9,
  chat: 10,
}

function rankOf(c: Chosen): number {
  return c.kind === 'cue' ? CUE_RANK[c.cue.part] : 0
}

/** Which ask answers first when several are said (谁牵头 + 有哪些 asks who, listed). */
const ASK_ORDER: readonly Ask[] = [
  'progressFigure',
  'co',
  'unit',
  'range',
  'number',
  'section',
  'date',
  'place',
  'names',
  'figure',
  'count',
  'progress',
  'text',
  'tasks',
]

const QUOTE = /[「“"『]([^」”"』]{1,30})[」”"』]/g
/** What may stand between a unit and its relation word: 广告科今年要牵头, 价监科主要负责. */
const RELATION_GAP =
  /^(?:要|需要|都|还|也|主要|一共|总共|今年|具体|的|是|在|作为|当|来|得|应|应该|共|有|能|会|可以|具体|分别|有没有|是否|有无|一起|共同|同时)*$/
/** Several units named together: 一起负责, 都参与, 共同, 联合. */
const TOGETHER = /一起|共同|都参与|都负责|都有|联合|同时|合作|一块/
const FOLLOW_UP_START = /^(?:那么|那再|那如果|那要是|那|还有|再|另外)/
/** Words of a tasks cue that name tasks: 哪些任务, 哪几条, 哪几项, 什么活. */
const TASK_WORD = /任务|条|项|工作|事|活/
const FOLLOW_UP_END = /呢[?？。!！\s]*$/
const DEICTIC = /这条|这项|这一条|这一项|该条|该项|此条|此项|本条|那条|那项|上一条|这个任务|这项任务|这条任务|它/
const SECTION_WORDS = /^(.{1,12}?)(?:这个|那个|这一|那一|这|那|的)?(?:部分|板块|版块|大块|大项|块|一块|方面|领域)$/
/** Words for the document itself, never a topic: 要点里, 这份工作要点中, 文件上. */
const THE_DOCUMENT =
  /(?:本|这份|这个|整个|咱们|我们)?(?:工作)?(?:要点|文件|文件里|全文)(?:里面|里|中|上|内|当中)?|(?:全部|所有|整个)(?:的)?(?:任务|工作)?(?:里面|里|中|当中)?/g
/** A topic begun with a verb of saying: 「讲电梯的」 is about 电梯. */
const SAYING = /^(?:是讲|是说|讲的|说的|提的|提了|提到|讲|说|写|提|关于|有关|涉及|针对|里面|里|中)+/
/** A report's words after a bare task number: 已完成, 开展了, 截至, figures. */
const REPORT_WORDS = /已|完成|开展|截至|截止|累计|共计|办结|检查|查处|推进|组织|召开|印发|出台|\d/

export function parseQuestion(raw: string, env: ParseEnv): Frame {
  const frame = emptyFrame()
  frame.followUp = FOLLOW_UP_START.test(raw.trim()) || FOLLOW_UP_END.test(raw)
  const chat = chatOf(raw, env)
  if (chat.kind) {
    frame.chat = chat.kind
    return frame
  }
  // 「那酱板鸭呢」: the follow-up's marker is not part of what it names.
  const text = trimFiller(chat.rest).replace(FOLLOW_UP_START, '').trim()
  const words = wordSpans(text)
  const chosen = choose(candidates(text, env, words))
  const asks = new Set<Ask>()
  const relations: { start: number; end: number; relation: Relation }[] = []
  let literalAfter: number | null = null
  let periodAt: { start: number; end: number } | null = null
  let sectionsAsked = false
  for (const c of chosen) {
    if (c.kind === 'task') {
      if (frame.task !== undefined && frame.task !== c.task) frame.tasks = [...(frame.tasks ?? [frame.task]), c.task]
      frame.task ??= c.task
      if (c.leading) frame.reportLike = { task: c.task, text: text.slice(c.end).replace(/^[\s:：,，.。、]+/, '') }
    } else if (c.kind === 'range') frame.range = { from: c.from, to: c.to }
    else if (c.kind === 'section') frame.section = c.section === 'last' ? env.sections : c.section
    else if (c.kind === 'period') {
      periodAt = { start: c.start, end: c.end }
      frame.period = c.part.day ? { ...c.part.period, day: c.part.day } : c.part.period
    } else if (c.kind === 'quote') frame.literal = c.words
    else if (c.kind === 'unit') {
      if (c.found.self) {
        if (c.found.self === 'strong' || !frame.unit) frame.self ??= 'any'
      } else if (c.found.choices) frame.unitChoices = c.found.choices
      else if (c.found.unknown) frame.unknownUnit ??= c.found.typed
      else if (c.found.match) {
        const unit: UnitPart = {
          match: c.found.match,
          typed: c.found.typed,
          relation: 'any',
          ...(c.found.readAs ? { readAs: c.found.readAs } : {}),
        }
        if (!frame.unit) frame.unit = unit
        else if (unitKey(unit) !== unitKey(frame.unit))
          frame.moreUnits = { units: [...(frame.moreUnits?.units ?? []), unit], mode: TOGETHER.test(text) ? 'all' : 'each' }
      }
    } else {
      const { part, value } = c.cue
      if (part === 'ask') {
        asks.add(value as Ask)
        // 「哪些任务」「哪几条」 list tasks of the plan; a bare 「有哪些」 only lists what else is asked.
        if (value === 'tasks' && TASK_WORD.test(c.cue.text)) frame.listsTasks = true
      } else if (part === 'among') frame.amongLast = true
      else if (part === 'relation') relations.push({ start: c.start, end: c.end, relation: value as Relation })
      else if (part === 'aggregate') frame.aggregate = value as 'most' | 'least'
      else if (part === 'ordinal') frame.ordinal = value as 'first' | 'last'
      else if (part === 'document') {
        if (value === 'sections') {
          sectionsAsked = true
          // 「几大部分」「分了几个部分」: how many.
          if (/几|多少/.test(c.cue.text)) asks.add('count')
        } else frame.document ??= value as DocumentPart
      } else if (part === 'figure') frame.figure = value === 'measure' ? measureOf(c.cue.text) : value
      else if (part === 'literal') literalAfter = c.end
      else if (part === 'due') frame.due = value as 'due' | 'overdue'
      else if (part === 'unreported') frame.unreported = true
      else if (part === 'shape') frame.solo = true
      else if (part === 'bot') frame.bot = value as 'about' | 'report'
    }
  }
  bindRelations(frame, chosen, relations, text)
  // 「广告科牵头几项」「第三部分有几个」: a bare 几项 about a unit's or a part's tasks counts them.
  if (asks.has('figure') && BARE_HOW_MANY.test(figureText(chosen))) {
    if (frame.unit || frame.self !== undefined || frame.section !== undefined || relations.length) {
      asks.delete('figure')
      asks.add('count')
    }
  }
  // 「汉寿在要点里出现了几次」: how often words appear is a count of the tasks naming them, not a figure.
  if (literalAfter !== null && asks.has('figure') && /几次|多少次|几回|几处/.test(text)) {
    asks.delete('figure')
    asks.add('count')
  }
  frame.asks = ASK_ORDER.filter((a) => asks.has(a))
  if (sectionsAsked) {
    frame.document = 'sections'
    if (!frame.asks.includes('count')) frame.asks = ['tasks', ...frame.asks.filter((a) => a !== 'tasks')]
  }
  if (frame.aggregate) groupAggregate(frame)
  const rest = leftover(text, chosen)
  if (literalAfter !== null && !frame.literal) frame.literal = literalIn(rest, literalAfter) ?? literalBefore(rest, literalAfter)
  // 「哪几条提到2025年」: a date right by the marker is the words looked for, not a period asked about.
  if (literalAfter !== null && !frame.literal && periodAt && Math.abs(periodAt.start - literalAfter) <= 1) {
    frame.literal = text.slice(periodAt.start, periodAt.end)
    delete frame.period
  }
  // 「开篇第一条」: a task named with the opening or closing words is that task, not the paragraph.
  if ((frame.document === 'preamble' || frame.document === 'closing') && frame.task !== undefined) delete frame.document
  readTopic(frame, rest, env, words)
  // A part of the document asked with a topic is about that topic: 「专利质押贷款额度今年目标多少」 is its
  // target, 「规范性文件目录什么时候公布」 its date, 「城市副中心规划信息谁发布」 its lead.
  // The opening and closing paragraphs named outright (序言, 结尾那段) keep their words as what to find there.
  const named = frame.document === 'preamble' || frame.document === 'closing' || frame.document === 'leadRule'
  if (frame.document && !named && topicOf(frame.topic.replace(TIME_WORDS, '')).words.length > 0) {
    if (frame.document === 'goal' && !frame.asks.includes('figure')) frame.asks = ['figure', ...frame.asks]
    if (frame.document === 'issuer' && frame.asks.length === 0) frame.asks = ['unit']
    delete frame.document
  }
  if (frame.reportLike && (frame.asks.length || frame.bot || !REPORT_WORDS.test(frame.reportLike.text))) delete frame.reportLike
  return frame
}

/** 几项, 多少个, 几条 with nothing else: a count of tasks or a figure, as the rest of the question says. */
const BARE_HOW_MANY = /^(?:要|需要)?(?:多少|几)[条项个]$/
const TIME_WORDS = /今年|全年|年度|本年度|今年度|年内|这一年/g
/** 「两条」「这三项」: how many things the question points at, not a topic. */
const QUANTITY = /(?:这|那)?[一二两三四五六七八九十几\d]+(?:条|项|个|件)/g

function figureText(chosen: Chosen[]): string {
  const cue = chosen.find((c) => c.kind === 'cue' && c.cue.part === 'ask' && c.cue.value === 'figure')
  return cue?.kind === 'cue' ? cue.cue.text : ''
}

/**
 * Chat is a whole message of greetings, thanks and acknowledgements (大家下午好, 收到，辛苦了), or a
 * notice (a meeting, a holiday) that asks nothing; a greeting before a question (你好，商标谁牵头) is
 * dropped and the question read. Chat words inside a question are never parts of it.
 */
function chatOf(raw: string, env: ParseEnv): { kind?: ChatKind; rest: string } {
  const text = raw.trim()
  if (!/[\p{L}\p{N}]/u.test(text)) return { kind: 'ack', rest: '' }
  const chat = findCues(text, chatCues(env.cues))
  if (chat.length === 0) return { rest: raw }
  // Only a message with chat words is read for asks as well (most messages have none).
  const asks = /[?？吗]/.test(text) || findCues(text, env.cues).some((h) => h.part === 'ask' || h.part === 'bot' || h.part === 'document')
  const notice = chat.find((h) => h.value === 'notice')
  if (notice && !asks && text.length >= 8) return { kind: 'notice', rest: '' }
  const covered = new Uint8Array(text.length)
  for (const h of chat) if (h.value !== 'notice') covered.fill(1, h.start, h.end)
  const left = [...text].filter((ch, k) => !covered[k] && /[\p{L}\p{N}]/u.test(ch)).join('')
  if (!left || FILLER_ONLY.test(left)) {
    const first = chat.filter((h) => h.value !== 'notice').sort((a, b) => a.start - b.start)[0]
    return { kind: (first?.value as ChatKind | undefined) ?? 'ack', rest: '' }
  }
  // 「你好，商标谁牵头」: the greeting goes, the question stays.
  const lead = chat.filter((h) => h.start === 0 && h.value !== 'notice').sort((a, b) => b.end - a.end)[0]
  if (lead && /^[\s,，。.!！~～、]/.test(text.slice(lead.end))) return { rest: text.slice(lead.end) }
  return { rest: raw }
}

const chatOnly = new WeakMap<readonly Cue[], Cue[]>()
const questionOnly = new WeakMap<readonly Cue[], Cue[]>()

/** Every cue but chat: chat words are never parts of a question. */
function questionCues(cues: readonly Cue[]): Cue[] {
  let list = questionOnly.get(cues)
  if (!list) {
    list = cues.filter((c) => c.part !== 'chat')
    questionOnly.set(cues, list)
  }
  return list
}

/** The chat cues of a cue list, picked out once. */
function chatCues(cues: readonly Cue[]): Cue[] {
  let list = chatOnly.get(cues)
  if (!list) {
    list = cues.filter((c) => c.part === 'chat')
    chatOnly.set(cues, list)
  }
  return list
}

/** What may stand beside chat words without making a message more than chat: 大家, 各位, 啦. */
const FILLER_ONLY = /^(?:大家|各位|老师|同事|领导|你|您|我|了|啦|呀|啊|哈|的|呢|吧|哦|嗯|也|都|很|好|早|多|谢)*$/

/** The parts a question was read into, in text order: what the tests of the cues look at. */
export function partsIn(raw: string, env: ParseEnv): { kind: string; part?: string; value?: string; text: string }[] {
  const text = trimFiller(chatOf(raw, env).rest)
  return choose(candidates(text, env, wordSpans(text))).map((c) => ({
    kind: c.kind,
    ...(c.kind === 'cue' ? { part: c.cue.part, value: c.cue.value } : {}),
    text: text.slice(c.start, c.end),
  }))
}

function candidates(text: string, env: ParseEnv, words: WordSpan[]): Chosen[] {
  const list: Chosen[] = []
  for (const p of findTaskRefs(text)) list.push({ kind: 'task', ...p })
  for (const p of findRanges(text)) list.push({ kind: 'range', ...p })
  for (const p of findSectionRefs(text)) list.push({ kind: 'section', ...p })
  for (const p of findPeriods(text)) list.push({ kind: 'period', start: p.start, end: p.end, part: p })
  const bounds = wordBounds(words)
  for (const found of env.units.find(text, bounds)) list.push({ kind: 'unit', start: found.start, end: found.end, found })
  const cues = findCues(text, questionCues(env.cues))
  // Quoted words are what must be said only when the question asks who says them (哪几条提到“一网通办”);
  // otherwise quotes mark a term of the topic (“四上”企业要净增多少家).
  if (cues.some((c) => c.part === 'literal'))
    for (const m of text.matchAll(QUOTE))
      list.push({ kind: 'quote', start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, words: m[1] as string })
  for (const cue of cues) {
    // A one-character cue (管, 对) counts only as a word of its own: not 管 in 监管, 对 in 应对.
    if (cue.end - cue.start === 1 && !(bounds.has(cue.start) && bounds.has(cue.end))) continue
    // 「有没有配合单位」 asks whether there are any; it is not 「没有配合单位」.
    if (cue.part === 'shape' && text[cue.start - 1] === '有' && text[cue.start] === '没') continue
    list.push({ kind: 'cue', start: cue.start, end: cue.end, cue })
  }
  return list
}

/** Offsets where jieba puts a word boundary. */
function wordBounds(words: WordSpan[]): Set<number> {
  const bounds = new Set<number>([0])
  for (const { word, start } of words) {
    if (start < 0) continue
    bounds.add(start)
    bounds.add(start + word.length)
  }
  return bounds
}

/** Non-overlapping parts: tier first, then the kind of cue, then the longest, then the earliest; in text order. */
function choose(list: Chosen[]): Chosen[] {
  const sorted = [...list].sort(
    (a, b) => tierOf(a) - tierOf(b) || rankOf(a) - rankOf(b) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  )
  const taken: Chosen[] = []
  for (const c of sorted) if (!taken.some((t) => c.start < t.end && t.start < c.end)) taken.push(c)
  return taken.sort((a, b) => a.start - b.start)
}

/**
 * A relation word right after a unit (广告科牵头, 价监科要配合) says how that unit takes part; one
 * after 「我们」 says how the sender's unit does; any other relation is what the question asks about
 * (哪个科室配合的任务最多).
 */
function bindRelations(
  frame: Frame,
  chosen: Chosen[],
  relations: { start: number; end: number; relation: Relation }[],
  text: string,
): void {
  for (const r of relations) {
    const before = chosen.filter((c) => c.kind === 'unit' && c.end <= r.start).at(-1)
    const gap = before ? text.slice(before.end, r.start) : null
    if (before?.kind === 'unit' && gap !== null && RELATION_GAP.test(gap)) {
      if (before.found.self && frame.self !== undefined) frame.self = r.relation
      else if (frame.unit && frame.unit.typed === before.found.typed) frame.unit.relation = r.relation
      else for (const u of frame.moreUnits?.units ?? []) if (u.typed === before.found.typed) u.relation = r.relation
      // 「价监科和网监科一起负责」: the relation after the last unit holds for all of them.
      if (frame.moreUnits?.mode === 'all' && frame.unit) {
        frame.unit.relation = r.relation
        for (const u of frame.moreUnits.units) u.relation = r.relation
      }
      continue
    }
    frame.askRelation ??= r.relation
  }
}

/** 「哪个科室配合的任务最多」「哪个部分的任务最少」「哪条任务的配合单位最多」: the ask becomes what is ranked. */
function groupAggregate(frame: Frame): void {
  // 「哪个科室的数字目标最多」: targets are counted, not tasks.
  if (frame.asks.includes('figure')) frame.figure ??= 'any'
  if ((frame.asks.includes('number') || frame.asks.includes('tasks')) && (frame.asks.includes('co') || frame.asks.includes('unit'))) {
    frame.groupBy = 'task'
    frame.askRelation = frame.asks.includes('co') ? 'co' : 'any'
  } else if (frame.asks.includes('section')) frame.groupBy = 'section'
  else if (frame.asks.includes('co')) {
    frame.groupBy = 'unit'
    frame.askRelation = 'co'
  } else if (frame.asks.includes('unit')) frame.groupBy = 'unit'
  if (frame.groupBy)
    frame.asks = frame.asks.filter((a) => a !== 'co' && a !== 'unit' && a !== 'section' && a !== 'number' && a !== 'figure')
  // 「那最少的呢」 keeps its aggregate for the ranking it follows.
  else if (!frame.followUp) delete frame.aggregate
}

/** The plan's name of the unit a part names. */
function unitKey(unit: UnitPart): string {
  return unit.match.kind === 'unit' ? unit.match.unit.name : unit.match.name
}

/** 万户 → 户, 亿元 → 元, 以家为单位 → 家: the measure a figure-kind cue names. */
function measureOf(words: string): string {
  const m = words.match(/(条次|人次|公里|亿元|万元|[户家件个项人场批次所座台套吨元名处份届])/)
  const unit = m?.[1] ?? 'any'
  return /元$/.test(unit) ? '元' : unit
}

/** The stretches of text no part took, in order. */
function leftover(text: string, chosen: Chosen[]): Segment[] {
  const segments: Segment[] = []
  let at = 0
  for (const c of chosen) {
    // A name no unit of the plan has stays in the topic: 「市场监管所的建设」 is work, not a unit.
    if (c.kind === 'unit' && c.found.unknown) continue
    if (c.start > at) segments.push({ start: at, text: text.slice(at, c.start) })
    at = Math.max(at, c.end)
  }
  if (at < text.length) segments.push({ start: at, text: text.slice(at) })
  return segments
}

/**
 * What is left becomes the topic: a section named by its words (食品安全这部分) is taken as that
 * section when its title says so, a pointing word (这条) marks a follow-up, a verb of saying before
 * the topic (讲电梯的) goes, and the literal words are not searched twice. Slips of typing in the
 * topic are read as the plan's words (商表 → 商标) and recorded.
 */
function readTopic(frame: Frame, segments: Segment[], env: ParseEnv, words: WordSpan[]): void {
  const pieces: string[] = []
  for (const segment of segments) {
    let piece = segment.text.trim().replace(/^[，,、。.；;:：\s]+|[，,、。.；;:：\s]+$/g, '')
    if (!piece) continue
    if (DEICTIC.test(piece)) {
      frame.deictic = true
      piece = piece.replace(new RegExp(DEICTIC.source, 'g'), ' ').trim()
    }
    const section = piece.match(SECTION_WORDS)
    if (section) {
      const words = (section[1] as string).replace(/^(?:要点|工作要点|里面|里|中|的)+/, '')
      const number = frame.section === undefined ? env.sectionByTitle(words) : undefined
      if (number !== undefined) {
        frame.section = number
        continue
      }
      frame.sectionWords = words
      continue
    }
    piece = piece.replace(THE_DOCUMENT, ' ').replace(TIME_WORDS, ' ').replace(QUANTITY, ' ').trim().replace(SAYING, '')
    if (frame.literal && piece.includes(frame.literal)) piece = piece.replace(frame.literal, ' ')
    if (frame.literal && LITERAL_NOISE_ONLY.test(piece.replace(/\s+/g, ''))) continue
    if (piece.trim()) pieces.push(piece.trim())
  }
  let topic = pieces.join(' ')
  // Slips are read on the sentence's own words, those no part took.
  const free = words.filter((w) => segments.some((s) => w.start >= s.start && w.start + w.word.length <= s.start + s.text.length))
  for (const slip of env.words.slipsInWords(free)) {
    if (slip.candidates.length !== 1) continue
    const read = slip.candidates[0] as string
    frame.readings.push({ typed: slip.typed, read })
    topic = topic.replace(slip.typed, read)
  }
  frame.topic = topic.trim()
}
