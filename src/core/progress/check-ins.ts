/**
 * The check-in log: every direct check-in, nudge and leaders' digest the bot queued, one row per
 * (plan, period start, kind, recipient), so a restart or a second run in the same period sends
 * nothing twice. A run claims a row before sending and settles it after: a send that failed
 * (settled with an error) may be claimed again by a later run; a claim never settled (the process
 * died mid-send) is not taken again, so a message goes out at most once per period.
 */

export interface CheckInKey {
  /** The plan the message was about (its key in the store, or its title). */
  plan: string
  /** First day of the reporting period, YYYY-MM-DD. */
  periodStart: string
  /** What was sent: `check-in`, `nudge`, `check-in-digest`, `nudge-digest`. */
  kind: string
  /** The recipient, namespaced like bindings (`slack:U123`, `wechat:<id>`, or a door's channel). */
  user: string
}

export interface CheckInRecord extends CheckInKey {
  text: string
  queuedAt: string
  sentAt: string | null
  /** Why the send failed, or null. */
  error: string | null
}

export interface CheckInLog {
  /** Takes the message for sending: true when nobody has, or a previous send failed; false otherwise. */
  claim(key: CheckInKey, text: string, at: string): Promise<boolean>
  /** Records that a claimed message was sent, or failed (`error`), so a later run may try again. */
  settle(key: CheckInKey, at: string, error?: string): Promise<void>
  get(key: CheckInKey): Promise<CheckInRecord | null>
  /** Every message recorded for a plan's period, in the order they were claimed. */
  list(plan: string, periodStart: string): Promise<CheckInRecord[]>
}

/** A row of the check_ins table, as both stores select it (PostgreSQL names its column user_id AS "user"). */
export interface CheckInRow {
  plan: string
  period_start: string
  kind: string
  user: string
  text: string
  queued_at: string
  sent_at: string | null
  error: string | null
}

export const toCheckInRecord = (r: CheckInRow): CheckInRecord => ({
  plan: r.plan,
  periodStart: r.period_start,
  kind: r.kind,
  user: r.user,
  text: r.text,
  queuedAt: r.queued_at,
  sentAt: r.sent_at,
  error: r.error,
})
