/**
 * The label words of unit clauses and table columns, and what each says: 牵头单位 names who leads,
 * 配合单位 who co-operates, 责任单位 who is responsible (who leads then follows the document's rule),
 * 责任处室 the issuing bureau's own office for the task, 牵头领导 a person, 完成时限 a deadline,
 * 责任分工 only introduces a clause written in prose. Data, built once; longest label first so
 * 牵头单位 wins over 牵头.
 */

export type Role = 'lead' | 'partner' | 'responsible'

/** What a label names: a unit role, the bureau's own office, a person, a deadline, or nothing (an introduction). */
export type LabelKind = Role | 'office' | 'person' | 'deadline' | 'intro'

/** Nouns of bodies outside the issuing bureau, and of its own offices. */
const BODY_NOUNS = ['单位', '部门', '机构', '司局', '主体']
const OFFICE_NOUNS = ['科室', '处室', '股室']

const cross = (heads: string[], nouns: string[]) => heads.flatMap((h) => nouns.map((n) => `${h}${n}`))

/** A role word, then the noun, with 责任 between them or not: 牵头单位, 牵头责任单位, 协同责任单位. */
const roleNouns = (heads: string[]) =>
  cross(
    heads,
    ['', '责任'].flatMap((mid) => [...BODY_NOUNS, ...OFFICE_NOUNS].map((n) => `${mid}${n}`)),
  )

/** Persons: 牵头领导, 牵头负责领导, 分管省领导, 责任市领导 (a role, 负责 or not, the level, 领导). */
const LEADER_WORDS = cross(cross(['牵头', '责任', '分管', '联系', '包保', '挂点', '督办'], ['', '负责']), [
  '领导',
  '省领导',
  '市领导',
  '区领导',
  '县领导',
  '局领导',
  '校领导',
])

const LABEL_WORDS: [string[], LabelKind][] = [
  [[...roleNouns(['牵头', '主责', '主办', '主要责任']), '牵头', '主办', '主责'], 'lead'],
  [[...roleNouns(['配合', '协办', '参加', '参与', '协同', '协作', '协助', '相关']), '配合', '协办', '参加', '参与', '协助'], 'partner'],
  [cross(['责任', '负责', '承办', '落实', '实施'], BODY_NOUNS), 'responsible'],
  // 责任处室 beside a 牵头单位 is the bureau's own office; alone it is the responsible unit (see resolveOffices).
  [cross(['责任', '负责', '承办', '落实', '对口'], OFFICE_NOUNS), 'office'],
  [[...LEADER_WORDS, '分管负责人', '主要负责人', '责任人', '联系人', '经办人'], 'person'],
  [
    [
      '完成时限',
      '完成时间',
      '完成期限',
      '时间节点',
      '时限要求',
      '时间要求',
      '时间安排',
      '工作进度',
      '进度安排',
      '进度要求',
      '完成时间节点',
      '时限',
    ],
    'deadline',
  ],
  [['责任分工', '职责分工', '任务分工', '分工'], 'intro'],
]

export const LABEL_KIND = new Map<string, LabelKind>(
  LABEL_WORDS.flatMap(([words, kind]) => words.map((w): [string, LabelKind] => [w, kind])),
)

const ALL_LABELS = [...LABEL_KIND.keys()].sort((a, b) => b.length - a.length)
const UNIT_LABELS = ALL_LABELS.filter((l) => ['lead', 'partner', 'responsible', 'office'].includes(LABEL_KIND.get(l) ?? ''))
const PERSON_LABELS = ALL_LABELS.filter((l) => LABEL_KIND.get(l) === 'person')

/** A label with its colon, anywhere: the start of a labelled list (group 1 is the label). */
export const LABEL_RE = new RegExp(`(${ALL_LABELS.join('|')})\\s*[:：]`, 'g')

/** 「。」 ending one labelled list right before the next label: 「牵头单位:A。配合单位:B。」 (lines of labels). */
export const STOP_BEFORE_LABEL_RE = new RegExp(`[。.]\\s*(?=(?:${ALL_LABELS.join('|')})\\s*[:：])`, 'g')

/** A text that starts with any label: a cell that names what it holds (「牵头单位：X 参加单位：A」「完成时限：6月」). */
export const ANY_LABEL_AT_START_RE = new RegExp(`^[（(【\\[]?\\s*(?:${ALL_LABELS.join('|')})\\s*[:：]`)

/** A paragraph that starts with a unit label: 「牵头单位:区发改局」「（责任单位：A、B）」. */
export const UNIT_LINE_RE = new RegExp(`^[（(【\\[]?\\s*(?:${UNIT_LABELS.join('|')})\\s*[:：]`)

/** 「责任领导：王局长」: a person, not a unit; taken out of the task text (group 1 label, 2 names). */
export const PERSON_LABEL_RE = new RegExp(`(${PERSON_LABELS.join('|')})\\s*[:：]([^\\n。；;）)]*)[；;。]?`, 'g')

/** A line that is only a person's label, kept with the task before it. */
export const PERSON_LINE_RE = new RegExp(`^[（(]?\\s*(?:${PERSON_LABELS.join('|')})\\s*[:：]`)

/** Every label with its colon in a text; a text without a colon has none (the common case, checked first). */
export function labelsIn(text: string): RegExpExecArray[] {
  return /[:：]/.test(text) ? [...text.matchAll(LABEL_RE)] : []
}

/** Whether a label opens a list of units (or a clause in prose, 责任分工：…), not a person or a deadline. */
export function isUnitLabel(label: string): boolean {
  const kind = LABEL_KIND.get(label)
  return kind === 'lead' || kind === 'partner' || kind === 'responsible' || kind === 'office' || kind === 'intro'
}
