/**
 * Did a reply reach Slack? For a post taken over from an instance that died mid-send: the post
 * carries its outbox id as message metadata (event type MARKER_EVENT), so the thread it went to
 * (conversations.replies), or the conversation since the attempt (conversations.history), shows
 * whether it arrived. A lookup that fails says "not found": the reply is then sent (at least once
 * rather than never).
 */
import type { SlackDelivery } from './durable-sender.js'
import type { ApiContext } from './targets.js'

export const MARKER_EVENT = 'gzyd_reply'

interface MessageWithMetadata {
  metadata?: { event_type?: string; event_payload?: { outbox?: unknown } }
}

export async function alreadyPosted(api: ApiContext, d: SlackDelivery, id: number, attemptedAt: string): Promise<boolean> {
  if (d.kind !== 'post') return false
  const marked = (m: MessageWithMetadata) => m.metadata?.event_type === MARKER_EVENT && Number(m.metadata.event_payload?.outbox) === id
  try {
    const oldest = String(Math.floor(new Date(attemptedAt).getTime() / 1000) - 60)
    const page = d.threadTs
      ? await api.client.conversations.replies({
          token: api.token,
          channel: d.channel,
          ts: d.threadTs,
          include_all_metadata: true,
          limit: 200,
        })
      : await api.client.conversations.history({ token: api.token, channel: d.channel, oldest, include_all_metadata: true, limit: 200 })
    return ((page.messages ?? []) as MessageWithMetadata[]).some(marked)
  } catch (error) {
    api.log.warn('slack: could not check whether a reply taken over was posted; sending it', { id, channel: d.channel, error })
    return false
  }
}
