/**
 * Whether a reply already reached Slack. The outbox cannot mark a reply sent in the same step as
 * Slack takes it (a kill can fall between the two), and chat.postMessage honours no idempotency
 * key, so each post carries message metadata naming its outbox entry, and after a restart a reply
 * whose send had begun (`attemptedAt`) is looked for in its channel or thread before it is posted
 * again. Needs the history scopes the manifest already asks for (channels/groups/im:history).
 */
import type { OutboxEntry } from '../../core/progress/delivery.js'
import type { ApiContext, PostMetadata } from './targets.js'

export const REPLY_EVENT = 'gzyd_reply'

/** The metadata a post of this outbox entry carries. */
export function replyMetadata(entry: Pick<OutboxEntry, 'id' | 'inboxKey'>): PostMetadata {
  return { event_type: REPLY_EVENT, event_payload: { outbox: entry.id, inbox: entry.inboxKey } }
}

/** Pages of history read back (200 messages each) before giving up and posting. */
const MAX_PAGES = 5
/** A send began at `attemptedAt`; Slack's ts of the post is later, less any clock skew. */
const SKEW_SECONDS = 120

interface HistoryMessage {
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> }
}

/**
 * True when a message with this entry's metadata is in the channel (or thread) since the attempt.
 * Throws when Slack cannot be asked (scope missing, network): the caller then posts again, since a
 * lost reply is worse than a doubled one.
 */
export async function alreadyPosted(
  api: ApiContext,
  where: { channel: string; threadTs?: string },
  entry: Pick<OutboxEntry, 'id' | 'inboxKey'> & { attemptedAt: string },
): Promise<boolean> {
  const oldest = (Date.parse(entry.attemptedAt) / 1000 - SKEW_SECONDS).toFixed(6)
  let cursor: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const args = {
      token: api.token,
      channel: where.channel,
      oldest,
      inclusive: true,
      include_all_metadata: true,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    }
    const res = where.threadTs
      ? await api.client.conversations.replies({ ...args, ts: where.threadTs })
      : await api.client.conversations.history(args)
    const messages = (res.messages ?? []) as HistoryMessage[]
    if (messages.some((m) => isReplyOf(m, entry))) return true
    cursor = res.response_metadata?.next_cursor || undefined
    if (!res.has_more || !cursor) return false
  }
  return false
}

function isReplyOf(message: HistoryMessage, entry: Pick<OutboxEntry, 'id' | 'inboxKey'>): boolean {
  const meta = message.metadata
  return meta?.event_type === REPLY_EVENT && meta.event_payload?.outbox === entry.id && meta.event_payload?.inbox === entry.inboxKey
}
