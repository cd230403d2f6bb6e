import { topicOf } from '../search/topic.js'
import type { TopicMemory } from './context.js'
import type { IntentId } from './ids.js'
import type { Routed } from './router.js'

/**
 * Elliptic follow-ups, resolved against the sender's conversation context before answering:
 *   「那第25条呢」「第二十一条呢」  the last question, asked about another task;
 *   「那地理标志呢」               the last question, asked about another topic;
 *   「配合单位呢」「目标是多少」     a question with no topic of its own, asked about the last task;
 *   「这条谁负责」「它的进展」       a topic that only points back (这条, 它), likewise.
 * A routed message keeps its own topic whenever it has one: context never overrides what was said.
 */

/** Intents that answer about a topic the search finds (a task reference works as a topic). */
const TOPIC_INTENTS: ReadonlySet<IntentId> = new Set(['lead', 'co_units', 'target', 'search'])
/** Intents that answer about one task by number. */
const TASK_INTENTS: ReadonlySet<IntentId> = new Set(['show_task', 'progress_query', 'timeline'])

/** 「那第25条呢」「还有第30条呢」「第21条呢」: another task, same question. */
const OTHER_TASK = /^(?:那|那么|那再|还有|再|另外)?\s*(?:第\s*(\d+)\s*(?:条|项)|任务\s*(\d+))\s*(?:呢|的呢|怎么样|如何)?[?？。!！]*$/
/** 「那商标呢」「还有地理标志呢」: a new topic, the same question. */
const OTHER_TOPIC = /^(?:那|那么|还有|那再)\s*(.+?)\s*呢[?？。!！]*$/
const ASKS_BACK = /呢[?？。!！]*$|^(?:那|那么|那再|还有|再|另外)/

export type FollowUp =
  | { kind: 'routed'; routed: Routed }
  /** The question needs a topic and there is none to borrow: ask which task is meant. */
  | { kind: 'which'; intent: IntentId }

export function resolveFollowUp(text: string, routed: Routed, memory: TopicMemory | null): FollowUp {
  const other = text.match(OTHER_TASK)
  if (other && ASKS_BACK.test(text) && memory) {
    const task = other[1] ?? other[2] ?? ''
    const intent = TOPIC_INTENTS.has(memory.intent) || TASK_INTENTS.has(memory.intent) ? memory.intent : 'show_task'
    return { kind: 'routed', routed: { intent, slots: { task, topic: `第${task}条` } } }
  }
  // 「那地理标志呢」: the last question, asked about a new topic (only when nothing else claimed it).
  const otherTopic = routed.intent === 'search' && memory && TOPIC_INTENTS.has(memory.intent) ? text.match(OTHER_TOPIC)?.[1] : undefined
  if (otherTopic && topicOf(otherTopic).words.length > 0)
    return { kind: 'routed', routed: { intent: memory?.intent ?? 'search', slots: { topic: otherTopic } } }
  const last = memory?.tasks[0]
  if (
    TASK_INTENTS.has(routed.intent) &&
    routed.slots.task === undefined &&
    !routed.slots.month &&
    !routed.slots.period &&
    !routed.slots.due &&
    !routed.slots.overdue &&
    !hasTopic(routed)
  ) {
    if (last === undefined) return { kind: 'which', intent: routed.intent }
    return { kind: 'routed', routed: { ...routed, slots: { ...routed.slots, task: String(last) } } }
  }
  if (TOPIC_INTENTS.has(routed.intent) && hasNoTopic(routed, text)) {
    // 「啊这」: no question form and nothing pointing back (呢, 这条, 它, 那…) is not a follow-up.
    if (routed.intent === 'search' && !ASKS_BACK.test(text) && !topicOf(text).deictic) return { kind: 'which', intent: 'search' }
    if (last === undefined) return { kind: 'which', intent: routed.intent }
    return { kind: 'routed', routed: { ...routed, slots: { ...routed.slots, topic: `第${last}条`, tail: '' } } }
  }
  return { kind: 'routed', routed }
}

/** True when the routed topic (or, with no topic slot, the whole text) has no content word. */
function hasNoTopic(routed: Routed, text: string): boolean {
  const typed = [routed.slots.topic, routed.slots.tail].filter(Boolean).join(' ')
  const topic = topicOf(typed || text)
  return topic.words.length === 0
}

/** True when the routed message names a topic of its own (「双随机抽查计划什么时候公示」). */
function hasTopic(routed: Routed): boolean {
  return routed.slots.topic !== undefined && topicOf(routed.slots.topic).words.length > 0
}
