import type { Platform } from '../message.js'
import type { Frame } from '../query/frame.js'
import type { IntentId } from './ids.js'

/**
 * What one person was last talking about, so that 「配合单位呢」「这条谁负责」「那第25条呢」 can be
 * answered. Kept per (platform, channel, user): two people in one room never share a context, and
 * the same person in two rooms has two. In memory only, and forgotten after `ttlMs`: a follow-up
 * an hour later is more likely a new question than an ellipsis, and nothing here must survive a
 * restart. Bounded: the oldest entries go first when `maxEntries` is reached.
 */

export interface TopicMemory {
  /** The intent that answered, e.g. `lead`; a bare 「那第25条呢」 asks the same about task 25. */
  intent: IntentId
  /** The tasks of that answer, most relevant first. */
  tasks: number[]
  /** The topic as echoed (「户外大屏广告监测」). */
  topic: string
  /** Key of the plan those tasks belong to, when several plans are loaded. */
  plan?: string
  /** The question as read, so 「那价监科呢」 can ask it again with another unit. */
  frame?: Frame
}

export interface ConversationKey {
  platform: Platform
  channel?: string
  user: string
}

/** Ten minutes: long enough for a follow-up, short enough not to haunt the next question. */
export const CONTEXT_TTL_MS = 10 * 60 * 1000
const MAX_ENTRIES = 10_000

export class ConversationContext {
  private readonly entries = new Map<string, TopicMemory & { at: number }>()

  constructor(
    private readonly ttlMs = CONTEXT_TTL_MS,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  /** The live memory for this conversation, or null when there is none or it has expired. */
  recall(key: ConversationKey, now: Date): TopicMemory | null {
    const id = keyOf(key)
    const entry = this.entries.get(id)
    if (!entry) return null
    if (now.getTime() - entry.at > this.ttlMs) {
      this.entries.delete(id)
      return null
    }
    return {
      intent: entry.intent,
      tasks: entry.tasks,
      topic: entry.topic,
      ...(entry.plan ? { plan: entry.plan } : {}),
      ...(entry.frame ? { frame: entry.frame } : {}),
    }
  }

  remember(key: ConversationKey, memory: TopicMemory, now: Date): void {
    const id = keyOf(key)
    this.entries.delete(id)
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
    this.entries.set(id, { ...memory, at: now.getTime() })
  }
}

function keyOf(key: ConversationKey): string {
  return JSON.stringify([key.platform, key.channel ?? '', key.user])
}
