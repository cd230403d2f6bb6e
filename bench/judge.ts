import type { BotReply } from '../src/core/message.js'
import type { DevItem } from './questions.js'

/**
 * The judging rules of ../shared/eval/score.mjs (beside the checkout), ported (that script runs on import, so it is
 * read, not imported). Keep in step with it: `judge` returns null for a pass, else the reason.
 */

type Answer = Pick<BotReply, 'reply' | 'tasks'>

const arr = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x])

/** A figure such as "9" or "7.6" must stand alone: "第29条" does not contain the figure 9. */
function has(reply: string, s: string): boolean {
  if (!/^\d/.test(s) && !/\d$/.test(s)) return reply.includes(s)
  const esc = s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?<![\\d.])${esc}(?![\\d]|\\.\\d)`).test(reply)
}

export function judge(item: DevItem, a: Answer): string | null {
  const reply = String(a.reply || '')
  const got = a.tasks.map((t) => t.number)
  const top = a.tasks[0]
  const miss = arr(item.must).filter((s) => !has(reply, s))
  const tasks = arr(item.tasks)
  switch (item.type) {
    case 'lead': {
      if (!top || !tasks.includes(top.number)) return `top task ${got[0]} not in ${tasks}`
      const leads = arr(item.lead)
      if (!leads.some((l) => String(top.lead || '').includes(l))) return `top task's lead is ${top.lead}`
      return leads.some((l) => reply.includes(l)) ? null : `reply lacks lead unit ${leads.join('/')}`
    }
    case 'co': {
      if (!top || !tasks.includes(top.number)) return `top task ${got[0]} not in ${tasks}`
      const units = top.units.join('、')
      if (!units.includes(item.unit ?? '')) return `top task's units (${units}) lack ${item.unit}`
      return reply.includes(item.unit ?? '') ? null : `reply lacks ${item.unit}`
    }
    case 'target':
      if (item.tasks !== undefined && !tasks.includes(got[0] ?? -1)) return `top task ${got[0]} not in ${tasks}`
      return miss.length ? `reply lacks ${miss.join(', ')}` : null
    case 'task':
      if (got[0] !== tasks[0]) return `top task ${got[0]} is not ${tasks[0]}`
      return miss.length ? `reply lacks ${miss.join(', ')}` : null
    case 'unit': {
      const want = new Set(arr(item.all))
      const allow = new Set([...arr(item.allow), ...arr(item.all)])
      const lacking = [...want].filter((n) => !got.includes(n))
      const extra = got.filter((n) => !allow.has(n))
      if (lacking.length || extra.length) return `tasks ${JSON.stringify(got)}: lacking ${lacking}, extra ${extra}`
      if (!reply.includes(item.unit ?? '')) return `reply lacks ${item.unit}`
      return miss.length ? `reply lacks ${miss.join(', ')}` : null
    }
    case 'any':
      if (item.tasks !== undefined && !tasks.includes(got[0] ?? -1)) return `top task ${got[0]} not in ${tasks}`
      return arr(item.any).some((s) => reply.includes(s)) ? null : `reply has none of ${arr(item.any).join(' / ')}`
    case 'none':
      return got.length ? `expected no task, got ${got.slice(0, 3)}` : null
    case 'count':
      return miss.length ? `reply lacks ${miss.join(', ')}` : null
    default:
      return `unknown type ${item.type}`
  }
}

/**
 * The retrieval-only subset both systems are scored on: items whose answer is a ranked task
 * (lead/target/task/co/any with expected tasks) and 'none' items, which expect no task at all.
 */
export function inTop1Subset(item: DevItem): boolean {
  if (item.type === 'none') return true
  return ['lead', 'target', 'task', 'co', 'any'].includes(item.type) && item.tasks !== undefined
}

/** Top-1 rule for that subset: the first task is one of the expected ones; none expects no task. */
export function top1Correct(item: DevItem, ranked: number[]): boolean {
  if (item.type === 'none') return ranked.length === 0
  return ranked[0] !== undefined && arr(item.tasks).includes(ranked[0])
}
