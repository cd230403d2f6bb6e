/**
 * Which Slack requests go to the inbox (the delivery log) before they are acknowledged: Events API
 * callbacks carrying a message or a mention, the only events this adapter answers. Other events
 * would never be finished by a listener and would be replayed at every start.
 */

/** Finished inbox entries and sent replies are kept this long (they hold message text), then pruned. */
export const RETENTION_DAYS = 7

const ANSWERED_EVENTS = new Set(['message', 'app_mention'])

/** The inbox key of an Events API body (`slack-inbox:<event_id>`), or undefined when it is not one we answer. */
export function inboxKeyOf(body: unknown): string | undefined {
  const b = body as { type?: unknown; event_id?: unknown; event?: { type?: unknown } } | null
  if (b?.type !== 'event_callback' || typeof b.event_id !== 'string' || !b.event_id) return undefined
  if (typeof b.event?.type !== 'string' || !ANSWERED_EVENTS.has(b.event.type)) return undefined
  return `slack-inbox:${b.event_id}`
}
