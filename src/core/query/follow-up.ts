import type { TopicMemory } from '../intents/context.js'
import type { IntentId } from '../intents/ids.js'
import { topicOf } from '../search/topic.js'
import { type Ask, type Frame, hasScope } from './frame.js'
import { intentOf } from './intent-of.js'

/**
 * Elliptic follow-ups, resolved against the sender's last question before answering:
 *   「那第25条呢」「那价监科呢」「那商标呢」  the last question again, with what the new message names
 *                                       put in place of the same kind of part;
 *   「配合单位呢」「目标是多少」「这条谁负责」  something asked with nothing to ask it of: the last task.
 * A message keeps whatever it says itself: context never overrides what was said.
 */

/** Asks that need a task or a topic to be asked of. */
const NEEDS_SUBJECT: ReadonlySet<Ask> = new Set(['unit', 'co', 'figure', 'progressFigure', 'date', 'text', 'progress', 'section', 'number'])

export type FollowedFrame =
  | { kind: 'frame'; frame: Frame; borrowed: boolean }
  /** Something is asked and nothing says of what, with nothing to borrow: ask which task is meant. */
  | { kind: 'which'; intent: IntentId }

function hasTopic(frame: Frame): boolean {
  return topicOf([frame.sectionWords, frame.topic].filter(Boolean).join(' ')).words.length > 0
}

/** True when the frame names what it is about: a task, a topic, a unit, a part of the document … */
function hasSubject(frame: Frame): boolean {
  return hasScope(frame) || hasTopic(frame) || frame.document !== undefined || frame.groupBy !== undefined
}

/** The last question with the parts the new message names put in place. */
function merged(last: Frame, next: Frame): Frame {
  const frame: Frame = { ...last, readings: next.readings, followUp: true, deictic: false }
  if (next.task !== undefined) {
    frame.task = next.task
    for (const k of ['topic', 'sectionWords', 'ordinal', 'literal', 'unit', 'self'] as const) delete frame[k]
    frame.topic = ''
  }
  if (next.unit) {
    frame.unit = { ...next.unit, relation: next.unit.relation === 'any' && last.unit ? last.unit.relation : next.unit.relation }
    delete frame.task
  }
  if (next.section !== undefined) frame.section = next.section
  if (next.period) frame.period = next.period
  if (next.figure) frame.figure = next.figure
  // 「哪个科室配合的最多」 → 「那最少的呢」.
  if (next.aggregate) frame.aggregate = next.aggregate
  if (next.literal) frame.literal = next.literal
  else if (hasTopic(next) && last.literal && !last.topic) {
    // 「哪几条提到米粉」 → 「那酱板鸭呢」: the new word is looked for the same way.
    frame.literal = next.topic
  } else if (hasTopic(next)) {
    frame.topic = next.topic
    delete frame.task
    delete frame.literal
  }
  return frame
}

export function followFrame(frame: Frame, memory: TopicMemory | null): FollowedFrame {
  const last = memory?.frame
  // 「那第25条呢」「那商标呢」「那价监科呢」: asks nothing of its own, names something new.
  const namesNew = hasSubject(frame) || frame.deictic || frame.aggregate !== undefined
  if (frame.followUp && frame.asks.length === 0 && !frame.chat && !frame.bot && last && namesNew)
    return { kind: 'frame', frame: merged(last, frame), borrowed: true }
  const asked = frame.asks[0]
  // 「那广告科呢」 → 「牵头几项」: a unit's share asked with no unit is the last unit's.
  if ((asked === 'count' || asked === 'tasks') && frame.askRelation && !hasSubject(frame) && last?.unit)
    return { kind: 'frame', frame: { ...frame, unit: { ...last.unit, relation: frame.askRelation } }, borrowed: true }
  // 「其中哪些有数字目标」: among the tasks of the last answer.
  if (frame.amongLast && memory?.tasks.length) frame = { ...frame, tasks: memory.tasks }
  // 「哪些任务有时间要求」 lists over the whole plan: nothing to borrow.
  const overPlan = frame.listsTasks === true || frame.asks.includes('count') || frame.tasks !== undefined
  if (asked && NEEDS_SUBJECT.has(asked) && !hasSubject(frame) && !frame.bot && !overPlan) {
    const task = memory?.tasks[0]
    if (task === undefined) return { kind: 'which', intent: intentOf(frame) }
    return { kind: 'frame', frame: { ...frame, task }, borrowed: true }
  }
  // 「啊这」: no question, nothing named, nothing pointed at.
  if (
    !asked &&
    !hasSubject(frame) &&
    !frame.chat &&
    !frame.bot &&
    !frame.reportLike &&
    !frame.unreported &&
    !frame.due &&
    !frame.unitChoices
  ) {
    const task = memory?.tasks[0]
    if ((frame.deictic || frame.followUp) && task !== undefined) return { kind: 'frame', frame: { ...frame, task }, borrowed: true }
    return { kind: 'which', intent: 'search' }
  }
  return { kind: 'frame', frame, borrowed: false }
}
