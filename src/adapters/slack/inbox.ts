/**
 * Which Slack requests go to the inbox (the delivery log) before they are acknowledged: Events API
 * callbacks carrying a message or a mention, and the bot's slash command, the only requests this
 * adapter answers. Others would never be finished by a listener and would be replayed at every start.
 */

/** Finished inbox entries and sent replies are kept this long (they hold message text), then pruned. */
export const RETENTION_DAYS = 7

const ANSWERED_EVENTS = new Set(['message', 'app_mention'])

/** The slash-command fields kept in the inbox and read back on a replay. */
export interface SlashCommand {
  command: string
  text: string
  user_id: string
  user_name?: string
  channel_id: string
  trigger_id: string
  response_url: string
}

export function isSlashCommand(body: unknown, command: string): body is SlashCommand {
  const b = body as Partial<SlashCommand> | null
  return b?.command === command && typeof b.trigger_id === 'string' && typeof b.response_url === 'string'
}

/**
 * The inbox key of a request we answer: `slack-inbox:<event_id>` for an event,
 * `slack-inbox:command:<trigger_id>` for the slash command; undefined for anything else.
 */
export function inboxKeyOf(body: unknown, slashCommand: string): string | undefined {
  if (isSlashCommand(body, slashCommand)) return `slack-inbox:command:${body.trigger_id}`
  const b = body as { type?: unknown; event_id?: unknown; event?: { type?: unknown } } | null
  if (b?.type !== 'event_callback' || typeof b.event_id !== 'string' || !b.event_id) return undefined
  if (typeof b.event?.type !== 'string' || !ANSWERED_EVENTS.has(b.event.type)) return undefined
  return `slack-inbox:${b.event_id}`
}
