/**
 * The delivery log port: what a chat door needs so that a message the platform was told had
 * arrived is never lost, and a reply the bot decided on is sent once, across crashes.
 *
 *   accept (before the ack) → the core answers → queueReplies (replies + inbox done, one commit)
 *   → markAttempt → each reply sent → markSent.
 *   On start: re-run `openMessages` and, beside them, resend `unsentReplies`; one with `attemptedAt`
 *   may have reached the platform before the stop, so the door checks for it before sending again.
 *
 * Payloads are JSON the door chooses (the raw event, the reply and where it goes); the store only
 * keeps them. Implemented by SqliteDelivery (sqlite-delivery.ts) in the same database file.
 */

export interface InboxEntry {
  key: string
  payload: unknown
  receivedAt: string
}

export interface OutboxEntry {
  id: number
  inboxKey: string
  room: string
  payload: unknown
  /** When the reply was queued (ISO). */
  createdAt: string
  /** When its send last began, if it did (ISO); null when it was never tried. */
  attemptedAt: string | null
}

export interface DeliveryLog {
  /** Writes the message before it is acknowledged; false when the key is already there (a redelivery). */
  accept(key: string, payload: unknown, at: string): Promise<boolean>
  /** Marks an inbox entry finished without a reply (dropped, duplicate). */
  finish(key: string, at: string): Promise<void>
  /** Stores the replies in order and finishes the inbox entry, in one transaction; returns their ids. */
  queueReplies(inboxKey: string, replies: { room: string; payload: unknown }[], at: string): Promise<number[]>
  /** Records, before the platform is called, that a send of this reply begins. */
  markAttempt(id: number, at: string): Promise<void>
  /** Records that a reply was sent, or that it failed for good (`error`), so it is never sent again. */
  markSent(id: number, at: string, error?: string): Promise<void>
  /** Accepted messages never finished (the process stopped mid-way), oldest first. */
  openMessages(): Promise<InboxEntry[]>
  /** Queued replies not yet sent, in the order they were queued. */
  unsentReplies(): Promise<OutboxEntry[]>
  /** Which inbox entry claimed a message key (store.claimMessage's owner), if any. */
  claimOwner(key: string): Promise<string | null>
  /** Forgets finished inbox entries and sent replies older than `before` (they hold message text). */
  prune(before: string): Promise<void>
}
