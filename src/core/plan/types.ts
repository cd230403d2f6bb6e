/**
 * The parsed plan: the plan is the schema. Everything here is read from the plan text, never
 * guessed; `index/<plan file>.plan.json` is this structure serialised so users can see how the bot read it.
 */

/** A responsible unit as written in a task's unit list. */
export interface UnitMention {
  /** Canonical name, e.g. 行政审批办 (the part before any <alias>). */
  name: string
  /** Sub-office or alias written in angle brackets, e.g. 登记注册科 in 行政审批办<登记注册科>. */
  alias: string | null
  /** A group such as 相关科室 or 各县级局, kept as written, never expanded into invented units. */
  placeholder: boolean
}

/** A person the plan names for a task (牵头领导：王副局长, 联系人：李四), kept apart from units. */
export interface Person {
  /** The label as written: 牵头领导, 责任人, 联系人 … */
  role: string
  /** As written: a name, a post (分管副局长), or both. */
  name: string
}

export interface Target {
  /** The metric phrase before the figure, e.g. 发明专利申请量. */
  metric: string
  value: number
  /** Measure word or sign: 户 家 个 件 项 % 亿元 条次 … */
  unit: string
  /** 以上, 达到, 不少于, 增长, 超过, 累计 … or '' when the plan gives a plain figure. */
  qualifier: string
  /** The clause that holds the target, quoted from the plan. */
  sentence: string
}

/** A dated event in a task, e.g. 4.26知识产权宣传周 → month 4, day 26. */
export interface DatedEvent {
  month: number
  day: number
  /** The words that follow the date, e.g. 国际消费者权益日活动. */
  name: string
}

export interface Task {
  /** Unique in the plan: the written number where the plan numbers its tasks in order, else the position. */
  number: number
  /** The number as written, without its punctuation: '一', '12', '（3）' → '3'; a table's 序号 cell. */
  label: string
  /** 1-based index into Plan.sections. */
  section: number
  /** Task text without the unit list. */
  text: string
  lead: UnitMention | null
  /** Co-operating units, in plan order. */
  partners: UnitMention[]
  targets: Target[]
  events: DatedEvent[]
  /**
   * The issuing bureau's own offices for the task (a 责任处室 column or label beside 牵头单位/参加单位):
   * who inside the bureau handles its part. Absent when the plan names none.
   */
  offices?: UnitMention[]
  /** Persons named for the task (牵头领导, 责任人, 联系人), never units. Absent when none. */
  people?: Person[]
  /** Where the units were read, for the reading report: 「括注（责任单位：…）」「列「牵头单位」」「规则…」. */
  unitSource?: string
  /** When it is due, as the plan writes it (「6月底前」「年底前」「持续推进」「全年」), or null. */
  deadline: string | null
  /** The deadline as a day (2023-06-30) where one follows from the plan year; absent otherwise. */
  due?: string
  /** The heading between the section and the task (（一）…, a table's second-level column), if any. */
  group?: string
  /** Source file and 1-based line, for messages and citations. */
  source: { file: string; line: number }
}

export interface Section {
  number: number
  /** Heading text without the 一、 marker. */
  title: string
  tasks: number[]
}

/**
 * What kind of reading problem, for the counts at start-up: an item or paragraph placed in no task,
 * a table cell or column ignored, a phrase that looks like a unit clause but was not used, a task
 * without units, numbering that skips, or a note from the file reader.
 */
export type ProblemKind = 'unplaced' | 'ignored' | 'unused-units' | 'no-units' | 'numbering' | 'reader' | 'no-tasks'

export interface ParseProblem {
  kind?: ProblemKind
  file: string
  line: number
  /** A finer place when the container has one: `Sheet1!B7`, `第2页`. */
  ref?: string
  message: string
}

/** A rule the document states once and the reader applied to the tasks it governs. */
export interface PlanRule {
  kind: 'lead-first' | 'partners-all' | 'shared'
  /** The sentence as written. */
  sentence: string
  /** What the reader did, in words: 「排第一的单位为牵头单位（第1–45条）」. */
  effect: string
  /** The tasks (numbers) it was applied to. */
  tasks: number[]
}

export interface Plan {
  title: string
  preamble: string
  /**
   * The plan's goals, read from its goal paragraphs before the tasks (「（三）发展目标。到2025年，…总规模
   * 达到2万亿元」), which are no tasks: the paragraph and its figures. Absent when the plan states none.
   */
  goals?: { text: string; targets: Target[] }[]
  sections: Section[]
  tasks: Task[]
  /** Closing paragraphs after the last task (who leads; who shares all tasks). */
  closing: string[]
  /** Bodies the closing paragraph makes responsible for every business task (e.g. each county bureau). */
  sharedUnits: { names: string[]; sentence: string } | null
  /**
   * How the lead of a list of 责任单位 is known: 'first' when the document says the first listed unit
   * leads (「排第一的为牵头单位」), else 'none' (a list of several units has no lead unless labelled).
   */
  leadRule: 'first' | 'none'
  /** Rules stated once (lead rule, 「以下均需…配合」, 「各县（市、区）参照执行」) and the tasks they govern. */
  rules?: PlanRule[]
  problems: ParseProblem[]
}

/** All units of a task in plan order, lead first. */
export function unitsOf(task: Task): UnitMention[] {
  return task.lead ? [task.lead, ...task.partners] : [...task.partners]
}
