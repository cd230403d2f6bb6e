import type { DeliveryDoor } from './door-keys.js'

/**
 * The delivery log port: what a chat door needs so that a message the platform was told had
 * arrived is never lost, and a reply the bot decided on is sent once, across crashes.
 *
 *   accept (before the ack) → the core answers → queueReplies (replies + inbox done, one commit)
 *   → each reply sent → markSent.   On start: resend `unsentReplies`, then re-run `openMessages`.
 *
 * Payloads are JSON the door chooses (the raw event, the reply and where it goes); the store only
 * keeps them. Implemented by SqliteDelivery (sqlite-delivery.ts) and PgDelivery (pg-delivery.ts).
 *
 * Several instances share one log. Each inbox entry and reply belongs to the instance that accepted
 * or queued it, and only to it while that instance lives (its store is open: for PostgreSQL, its
 * database session holds its instance lock; for SQLite, its process runs). `openMessages` and
 * `unsentReplies` take what belongs to no live instance, so a crashed instance's work is taken
 * over by the next instance that asks (at its start, and on its periodic sweep), once.
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
  /** When a send of this reply was last begun (markAttempt), or null: it may have reached the platform. */
  attemptedAt?: string | null
  /** When the reply was queued (ISO), as unsentReplies reads it: a late one says it is late. */
  createdAt?: string
}

export interface DeliveryLog {
  /** Writes the message before it is acknowledged; false when the key is already there (a redelivery). */
  accept(key: string, payload: unknown, at: string): Promise<boolean>
  /** Marks an inbox entry finished without a reply (dropped, duplicate). */
  finish(key: string, at: string): Promise<void>
  /** Stores the replies in order and finishes the inbox entry, in one transaction; returns their ids. */
  queueReplies(inboxKey: string, replies: { room: string; payload: unknown }[], at: string): Promise<number[]>
  /**
   * Records that a send of the reply is about to begin: a reply taken over with `attemptedAt` set
   * may have reached the platform before its sender died, and the door checks before sending again.
   */
  markAttempt(id: number, at: string): Promise<void>
  /** Records that a reply was sent, or that it failed for good (`error`), so it is never sent again. */
  markSent(id: number, at: string, error?: string): Promise<void>
  /**
   * Accepted messages never finished whose instance is gone (it stopped mid-way), oldest first;
   * they now belong to this instance, and no other instance gets them while it lives. With `door`,
   * only that door's rows (door-keys.ts) are taken: a Slack door never holds a WeCom door's work.
   */
  openMessages(door?: DeliveryDoor): Promise<InboxEntry[]>
  /** Queued replies not yet sent whose instance is gone, in the order they were queued; now this instance's (of `door` only, when given). */
  unsentReplies(door?: DeliveryDoor): Promise<OutboxEntry[]>
  /**
   * Whether the outbox holds replies queued under `inboxKey`, sent or not: a door asks it of a
   * notice claimed before a crash, to learn whether its outbox already owns the notice (and sends
   * it, if unsent, when unsentReplies is read). Sent rows are pruned after a week (prune).
   */
  queued(inboxKey: string): Promise<boolean>
  /** Which inbox entry claimed a message key (store.claimMessage's owner), if any. */
  claimOwner(key: string): Promise<string | null>
  /** Forgets finished inbox entries and sent replies older than `before` (they hold message text). */
  prune(before: string): Promise<void>
}
