import type { IntentId } from '../intents/ids.js'
import { topicOf } from '../search/topic.js'
import type { Frame } from './frame.js'

/**
 * The intent a frame answers as, for the machine interface, the conversation memory and the intent
 * examples: what is asked decides, then what the question is scoped to.
 */
export function intentOf(frame: Frame): IntentId {
  if (frame.bot) return 'help'
  if (frame.reportLike) return 'help'
  if (frame.document === 'sections') return 'section'
  if (frame.document) return 'plan_text'
  if (frame.unreported) return 'unreported'
  if (frame.due) return 'timeline'
  if (frame.groupBy) return frame.groupBy === 'section' ? 'section' : 'unit_tasks'
  if (frame.period?.day && !['unit', 'co', 'figure', 'progress', 'progressFigure'].includes(frame.asks[0] ?? '')) return 'event'
  const scoped = frame.unit !== undefined || frame.self !== undefined
  const topic = topicOf([frame.sectionWords, frame.topic].filter(Boolean).join(' ')).words.length > 0
  switch (frame.asks[0]) {
    case 'progress':
    case 'progressFigure':
      return 'progress_query'
    case 'unit':
      return 'lead'
    case 'co':
      return 'co_units'
    case 'figure':
      return 'target'
    case 'date':
      return frame.period?.day ? 'event' : 'timeline'
    case 'range':
    case 'count':
      return scoped ? 'unit_tasks' : 'section'
    case 'section':
      return 'section'
    case 'number':
      return 'show_task'
    case 'text':
      if (frame.task !== undefined || frame.ordinal || (!frame.topic && (frame.followUp || frame.deictic))) return 'show_task'
      if (scoped) return 'unit_tasks'
      return frame.section !== undefined ? 'section' : 'search'
    case 'tasks':
      if (scoped) return 'unit_tasks'
      if (frame.period) return 'timeline'
      return frame.section !== undefined && !topic ? 'section' : 'search'
    default:
      if (frame.chat) return 'small_talk'
      // 「食品抽检，质检所要参与吗」: a unit's part in a piece of work.
      if (scoped && topic) return 'co_units'
      if (scoped) return 'unit_tasks'
      if (frame.task !== undefined) return 'show_task'
      if (frame.period) return 'timeline'
      return frame.section !== undefined ? 'section' : 'search'
  }
}
