import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Plan } from '../plan/types.js'
import { type TaggedWord, tagWords } from './tokenize.js'

/**
 * The closed world beyond words: a question about something a work plan never says gets
 * 「工作要点未提及」 and no task, even when a task shares its other words. 「2024年发明专利申请量」
 * would otherwise get 2023's figure, 「张家界的食品安全示范城市」 this city's task, 「计量所所长的手机号」
 * the 计量所's tasks. Checked, each only when the plan's own text does not contain the word:
 *   - a year other than the plan's (2024年), unless compared with (较2022年增长), or a relative one (明年);
 *   - a person (科长, 名字) or contact detail (电话, 手机号) — plans name units, not people;
 *   - another province or city (lexicon/out-of-scope.json `places`), or another department (商务局);
 *   - a staff member's own matters, chit-chat, other departments' fields (`elsewhere`, by category).
 */

export interface OutOfPlan {
  /** What the plan does not cover, for the reply: 「2024年的安排」. */
  what: string
  /** Why, in a sentence for the user. */
  why: string
}

interface OutOfScopeWords {
  people: string[]
  contact: string[]
  places: string[]
  elsewhere: string[]
}

/** An organisation named in a question: 商务局, 教育厅, 发改委. */
const ORGANISATION = /[\p{Script=Han}]{2,5}?(?:局|厅|委(?![托员派任屈身婉会]))(?![\p{Script=Han}]*(?:科|所|办))/gu
/** Words for this bureau or its own levels, never another department. */
const OWN_BODY = /^(?:我们|咱们|我|本|贵|全|各|市|县|区|省|分|总|市场监管|市场监督管理)+(?:局|厅|委)$/

/** A title asked after as a person: 市长是谁, 局长叫什么, 主任姓什么. */
const PERSON_QUESTION = /([\p{Script=Han}]{0,3}(?:长|主任|书记|联系人))(?:是谁|是哪位|叫什么|叫啥|姓什么|的名字)/u

/** Words that ask a name: counted only when the question is about a person. */
const PERSON_DETAILS = ['名字', '姓名', '叫什么', '叫啥', '姓什么']
/** A word for a person, making 叫什么/名字/地址 a question about one: 人, 同志, 领导, 负责人. */
const PERSON_NOUN = /^(?:人|同志|领导|负责人|工作人员|干部|科员|人员|老师|师傅)$/
const PHONE = /电话|号码/
const ADDRESS = /地址|住址/
/** What follows a place name to make it one: 保定市, 吉林省. */
const PLACE_SUFFIX = /^[市省区县州]/

const RELATIVE_YEAR = /明年|后年|去年|前年|下一年|下年度|上一年|上年度/
const YEAR = /((?:19|20)\d{2})\s*年/g

export class ClosedWorld {
  private readonly text: string
  private readonly words: OutOfScopeWords
  readonly planYear: string | null

  /**
   * `isPlanUnit` says whether a name resolves to a unit or body of the plan (津市局 does);
   * `officialTerms` gives, for a question, the official terms of the everyday words in it (domain
   * lexicon), so a word the plan says only officially (拖欠工资 → 根治欠薪) is not outside it.
   */
  constructor(
    plan: Plan,
    private readonly isPlanUnit: (name: string) => boolean = () => false,
    words: OutOfScopeWords = loadOutOfScopeWords(),
    private readonly officialTerms: (question: string) => { word: string; official: string[] }[] = () => [],
  ) {
    this.text = [plan.title, plan.preamble, ...plan.tasks.map((t) => t.text), ...plan.closing].join('\n')
    this.words = words
    this.planYear = `${plan.title}\n${plan.preamble}`.match(/((?:19|20)\d{2})\s*年/)?.[1] ?? null
  }

  /** Why the plan cannot answer this question, or null when it may. */
  check(question: string): OutOfPlan | null {
    for (const m of question.matchAll(YEAR)) {
      const year = m[1] ?? ''
      // 「较2022年增长多少」 compares with a base year the plan names; 「2022年的申请量」 asks about it.
      const compared = /(?:较|比|相比|同比|与|和)\s*$/.test(question.slice(0, m.index ?? 0)) && this.text.includes(year)
      if (year !== this.planYear && !compared && !this.setsYear(year)) return { what: `${year}年的安排`, why: this.yearWhy() }
    }
    const relative = question.match(RELATIVE_YEAR)?.[0]
    if (relative && this.planYear) return { what: `${relative}的安排`, why: this.yearWhy() }
    // Whole words of the question only (jieba's segmentation): 合肥 is not in 复合肥, 成都 not in 完成都.
    const words = safeTag(question)
    const absent = (list: string[]) => list.find((w) => spans(words, w).length > 0 && !this.text.includes(w))
    const aboutPerson = this.words.people.some((w) => spans(words, w).length > 0) || words.some((w) => PERSON_NOUN.test(w.word))
    // 「市长是谁」: a title asked after as a person, whatever the plan says of 市长质量奖.
    const title = question.match(PERSON_QUESTION)?.[1]
    if (title) return { what: `具体人员（${title}）`, why: '工作要点只写到责任单位，不写具体人员。' }
    // 名字, 叫什么 ask a person's name only when a person is asked after (not 「那个活动叫什么名字」).
    const person = absent(this.words.people) ?? (aboutPerson ? absent(PERSON_DETAILS) : undefined)
    if (person) return { what: `具体人员（${person}）`, why: '工作要点只写到责任单位，不写具体人员。' }
    // 电话 next to 热线 or a public-service number (12315, 12345) is the hotline the plan is about;
    // 地址 is a contact detail only of a person (网站地址 is not).
    const hotline = /热线|(?<!\d)12\d{3}(?!\d)/.test(question)
    // A contact word counts when it is what is asked for (「电话多少」「联系方式」 at the end), not when it
    // qualifies something else (「手机APP上的虚假广告」「手机维修」).
    const askedFor = (w: string) =>
      new RegExp(`${w}(?:号码?|是)?(?:多少|是多少|是什么|给|发|告诉|呢|吗|有没有|[?？。!！]|$)`).test(question)
    const contactWords = this.words.contact.filter((w) => !(hotline && PHONE.test(w)) && (aboutPerson || !ADDRESS.test(w)) && askedFor(w))
    const contact = absent(contactWords)
    if (contact) return { what: `联系方式（${contact}）`, why: '工作要点不含联系方式，请查单位通讯录。' }
    // The question first: a plan's text can be megabytes, the question a line.
    const place = this.words.places.find((p) => isPlace(words, p) && !this.text.includes(p))
    if (place) return { what: `${place}的工作`, why: '这份工作要点只管本地的工作。' }
    const organisation = this.foreignOrganisation(question)
    if (organisation) return { what: `${organisation}的工作`, why: `${organisation}不是这份工作要点的责任单位。` }
    // 「拖欠工资谁牵头」 in a plan of 根治欠薪: the everyday phrase holding the word is the plan's term.
    const said = this.officialTerms(question).filter((e) => e.official.some((t) => this.text.includes(t)))
    const elsewhere = absent(this.words.elsewhere.filter((w) => !said.some((e) => e.word.includes(w))))
    if (elsewhere) return { what: elsewhere, why: '这不在工作要点的任务范围内。' }
    return null
  }

  /**
   * An organisation the question names that the plan does not: 商务局 in 「商务局的电商扶持政策」.
   * Each 局/厅/委 is read with the 2–5 characters before it; the name is known when any of those
   * endings (事业局, 社会事业局) is in the plan text or resolves to a plan unit, and it is this
   * bureau when it is a word for itself (我们局, 县局). What follows the last filler (这块, 我们, 的)
   * names it in the reply.
   */
  private foreignOrganisation(question: string): string | null {
    for (const m of question.matchAll(ORGANISATION)) {
      const tail = m[0].replace(/^.*(?:请问|那个|这个|这块|那块|我们|你们|他们|咱们|的)/, '')
      if (tail.length < 3) continue
      const endings = Array.from({ length: tail.length - 2 }, (_, k) => tail.slice(tail.length - 3 - k))
      const known = endings.some((name) => OWN_BODY.test(name) || this.text.includes(name) || this.isPlanUnit(name))
      if (!known) return tail
    }
    return null
  }

  /**
   * True when the plan itself sets something for that year (到2025年, 2017年底前), not only compares
   * with it (较2022年增长): a question about that year is about the plan.
   */
  private setsYear(year: string): boolean {
    for (const m of this.text.matchAll(new RegExp(`${year}\\s*年`, 'g'))) {
      if (!/(?:较|比|相比|同比|与|和)\s*$/.test(this.text.slice(Math.max(0, (m.index ?? 0) - 3), m.index ?? 0))) return true
    }
    return false
  }

  private yearWhy(): string {
    return this.planYear ? `这份工作要点是${this.planYear}年的，只写了${this.planYear}年的安排。` : '工作要点没有写这一年的安排。'
  }
}

/** Where a list word spans whole segmented words (叫什么 spans 叫|什么): the start index of each. */
function spans(words: readonly TaggedWord[], target: string): number[] {
  const starts: number[] = []
  for (let i = 0; i < words.length; i++) {
    let joined = ''
    for (let k = i; k < words.length && joined.length < target.length; k++) joined += words[k]?.word ?? ''
    if (joined === target) starts.push(i)
  }
  return starts
}

/** A place as a place word (jieba tag ns), or written before 市/省/区/县 (保定市, 株洲市). */
function isPlace(words: readonly TaggedWord[], place: string): boolean {
  return words.some((w, i) => {
    if (w.word === place) return w.tag === 'ns' || PLACE_SUFFIX.test(words[i + 1]?.word ?? '')
    return w.word.startsWith(place) && PLACE_SUFFIX.test(w.word.slice(place.length)) && w.word.length <= place.length + 2
  })
}

/** The question's words, or none when no dictionary is loaded (the checks then find nothing). */
function safeTag(question: string): readonly TaggedWord[] {
  try {
    return tagWords(question)
  } catch {
    return []
  }
}

export function loadOutOfScopeWords(): OutOfScopeWords {
  const path = fileURLToPath(new URL('../../../lexicon/out-of-scope.json', import.meta.url))
  const json = JSON.parse(readFileSync(path, 'utf8')) as Partial<OutOfScopeWords>
  // `elsewhere` is categories ({ $comment, words }); each category's words count alike.
  const categories = (json.elsewhere ?? {}) as unknown as Record<string, { words?: string[] } | string>
  const elsewhere = Object.values(categories).flatMap((c) => (typeof c === 'object' ? (c.words ?? []) : []))
  return { people: json.people ?? [], contact: json.contact ?? [], places: json.places ?? [], elsewhere }
}
