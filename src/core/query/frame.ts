import type { UnitMatch } from '../plan/unit-directory.js'

/**
 * A question read into parts: what is asked and the constraints on the plan's tasks. Built by
 * parse.ts from parts found anywhere in the sentence, evaluated by evaluate.ts as a query over the
 * plan. A frame knows nothing of wording; the answerers render its result.
 */

/** What is asked. */
export type Ask =
  /** Which unit (leads, by default; `relation` says otherwise). */
  | 'unit'
  /** The co-operating units. */
  | 'co'
  /** A numeric target of the plan. */
  | 'figure'
  /** The reported figure against a target (「专利授权量完成了多少」). */
  | 'progressFigure'
  /** A deadline or date. */
  | 'date'
  /** A list of tasks. */
  | 'tasks'
  /** How many tasks. */
  | 'count'
  /** The first and last task numbers of a section. */
  | 'range'
  /** Which task number. */
  | 'number'
  /** Which section. */
  | 'section'
  /** A task's or section's text. */
  | 'text'
  /** Progress reported on a task. */
  | 'progress'
  /** Where something takes place (在哪开, 哪个网站). */
  | 'place'
  /** Which ones by name (具体是哪几家, 名单). */
  | 'names'

export type Relation = 'lead' | 'co' | 'any'

export type DocumentPart = 'leadRule' | 'goal' | 'preamble' | 'closing' | 'sections' | 'title' | 'units' | 'year' | 'issuer'

export type ChatKind = 'greeting' | 'thanks' | 'ack' | 'farewell' | 'notice'

/** A span of months in the plan year, from a period the question names. */
export interface Period {
  label: string
  /** Months 1–12, inclusive; when `relative`, offsets in months from the current one (下个月: 1, 1). */
  from: number
  to: number
  /** Relative to today (下个月, 本季度): answered from each task's due day. */
  relative: boolean
  /** A day with the month (3月15日): the date of an event. */
  day?: number
}

/** A unit named in the question, how it was read, and how it takes part. */
export interface UnitPart {
  match: UnitMatch
  /** As typed. */
  typed: string
  /** The plan's name it was read as when the typed name was a slip (消包科 → 消保科). */
  readAs?: string
  relation: Relation
}

/** A word of the question read as another (a slip of typing or hearing). */
export interface Reading {
  typed: string
  read: string
}

export interface Frame {
  /** What is asked, most specific first; empty when nothing is (then the topic is searched). */
  asks: Ask[]
  /** The relation an ask of `unit` or an aggregate is about (谁配合 → co). */
  askRelation?: Relation
  task?: number
  /** Several tasks named one by one (第10条和第11条). */
  tasks?: number[]
  /** Tasks numbered from … to (第10到20条). */
  range?: { from: number; to: number }
  /** First and last task of an ordinal (第一条, 最后一条) — within `section` when one is named. */
  ordinal?: 'first' | 'last'
  section?: number
  /** Words before 部分/这块 that name no section title (药品这部分): a topic the tasks must be about. */
  sectionWords?: string
  document?: DocumentPart
  unit?: UnitPart
  /** The sender's own unit (我们科), with how it takes part. */
  self?: Relation
  /**
   * More units named beside `unit`: 「价监科和网监科一起负责的」 (all: tasks that name every one),
   * 「计量科和计量所分别负责什么」 (each: answered unit by unit).
   */
  moreUnits?: { units: UnitPart[]; mode: 'all' | 'each' }
  /** Only tasks with no co-operating unit (没有配合单位, 单独负责). */
  solo?: boolean
  /** Several units fit a slip equally well: ask which one. */
  unitChoices?: string[]
  /** Written like a unit's name but none of the plan's (法务科): said to be absent when the question is about it. */
  unknownUnit?: string
  aggregate?: 'most' | 'least'
  /** What an aggregate ranks: units, sections, or tasks by how many units they name. */
  groupBy?: 'unit' | 'section' | 'task'
  /** Only tasks with a numeric target (of this measure: %, 元, 家 …; 'any' for any). */
  figure?: string
  /** Words that must appear in the task text. */
  literal?: string
  period?: Period
  due?: 'due' | 'overdue'
  /** 「我们还有哪些没报」. */
  unreported?: boolean
  /** The question lists tasks of the plan (哪些任务, 哪几条), not only the answers to its other ask. */
  listsTasks?: boolean
  /** 「其中哪些…」「这几条里…」: among the tasks of the last answer. */
  amongLast?: boolean
  /** What remains of the sentence once every part is taken out: searched as the topic. */
  topic: string
  /** The question only points back (这条, 它). */
  deictic: boolean
  /** Starts with 那/还有 or ends with 呢: it may borrow from the last question. */
  followUp: boolean
  /** Slips of typing read as plan words (商表 → 商标), for the reply to say. */
  readings: Reading[]
  /** Chat that asks nothing of the plan. */
  chat?: ChatKind
  /** About the bot itself: what it can do, or how to report. */
  bot?: 'about' | 'report'
  /** 「55条 本月开展…」: a report without its command word. */
  reportLike?: { task: number; text: string }
}

export function emptyFrame(topic = ''): Frame {
  return { asks: [], topic, deictic: false, followUp: false, readings: [] }
}

/** True when the frame constrains which tasks are meant beyond a free topic. */
export function hasScope(frame: Frame): boolean {
  return (
    frame.task !== undefined ||
    frame.tasks !== undefined ||
    frame.section !== undefined ||
    frame.unit !== undefined ||
    frame.self !== undefined ||
    frame.ordinal !== undefined ||
    frame.range !== undefined ||
    frame.figure !== undefined ||
    frame.solo === true ||
    frame.moreUnits !== undefined ||
    frame.literal !== undefined ||
    frame.period !== undefined
  )
}
