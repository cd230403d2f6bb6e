/**
 * The notice log: direct messages the 督办 cycle owes someone — a lead unit's clerks told that a
 * co-unit asks to close a task, the admins that a 延期 waits for them, a requester told the outcome.
 *
 * A notice is written in the same transaction as the cycle step that causes it (TaskEventLog.add),
 * so once a command is acknowledged its notices are stored, and a crash before the reply loses
 * neither. The core decides who and what (core/answer/cycle-notices.ts); the chat doors deliver:
 * each door takes the notices addressed to its platform (`wecom:…`, `slack:…`), claims one, sends
 * it through its own delivery path (the durable outbox for WeCom, DingTalk and Slack) and settles
 * it. A claim is taken by one instance only, and a claimed notice is never offered again unless
 * its send failed (then the door's next start tries once more), so a notice goes out once; a door
 * that is down finds its notices waiting when it starts.
 *
 * A claim belongs to the instance (open store) that took it. One whose instance is gone and that
 * was never settled is stranded: its process died between the claim and the settle. A door's start
 * takes those over (`takeStranded`) and, knowing whether its delivery path already holds the
 * notice, settles it as sent or `release`s it to be sent again (notice-courier.ts).
 *
 * Implementations: SqliteNotices (table notices, migrations 9 and 10), PgNotices (3 and 4).
 */

/** What a notice is about, for the log and the tests; the text says it to the person. */
export const NOTICE_KINDS = [
  /** To the lead unit's clerks: a co-unit asks to close the task. */
  'close_request',
  /** To the admins: a unit asks to move the deadline. */
  'extension_request',
  /** To a requester: the outcome of their 办结 or 延期 request. */
  'close_confirmed',
  'close_declined',
  'extension_approved',
  'extension_declined',
] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

export interface NewNotice {
  /** The recipient as bindings name them: `<platform>:<id>` (`wecom:zhangsan`, `slack:U123`). */
  to: string
  /** Their display name when known (for the reply that says who was told), else null. */
  toName: string | null
  kind: NoticeKind
  text: string
}

export interface StoredNotice extends NewNotice {
  id: number
  /** The cycle step (task_events id) that caused it. */
  event: number | null
  createdAt: string
  claimedAt: string | null
  sentAt: string | null
  /** Why the last send failed, or null. */
  error: string | null
}

export interface NoticeLog {
  /**
   * Notices for `platform` (the prefix of `to`) that no send has taken, oldest first; with
   * `retryFailed`, also those whose send failed (a door's start gives them one more try).
   */
  pending(platform: string, opts?: { retryFailed?: boolean }): Promise<StoredNotice[]>
  /** Takes the notice for sending, as this instance's: true for exactly one caller while it is unclaimed (or failed). */
  claim(id: number, at: string): Promise<boolean>
  /**
   * Notices for `platform` claimed by an instance that is gone (or by none recorded), neither sent
   * nor failed, oldest first; they are now this instance's claims, and no other instance gets them
   * while it lives.
   */
  takeStranded(platform: string): Promise<StoredNotice[]>
  /** Gives up this instance's unsettled claim, so the notice is pending again; false when it holds none. */
  release(id: number): Promise<boolean>
  /** Records that the claimed notice was sent, or that its send failed (`error`). */
  settle(id: number, at: string, error?: string): Promise<void>
  /** Every notice, oldest first; of one cycle step when `event` is given. */
  list(opts?: { event?: number }): Promise<StoredNotice[]>
}

/** A row of the notices table, as both stores select it. */
export interface NoticeRow {
  id: number
  event: number | null
  recipient: string
  recipient_name: string | null
  kind: NoticeKind
  text: string
  created_at: string
  claimed_at: string | null
  sent_at: string | null
  error: string | null
}

export const toNotice = (r: NoticeRow): StoredNotice => ({
  id: r.id,
  event: r.event,
  to: r.recipient,
  toName: r.recipient_name,
  kind: r.kind,
  text: r.text,
  createdAt: r.created_at,
  claimedAt: r.claimed_at,
  sentAt: r.sent_at,
  error: r.error,
})
