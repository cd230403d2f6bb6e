/**
 * Whose rows are whose in the shared inbox and outbox. Doors that run in separate processes on one
 * database (a Slack door beside a WeCom door) must each replay and resend only their own entries:
 * a door that picked up another's would send a payload it cannot read. The long-connection doors
 * key every row `<door>-…` (`wecom-inbox:<msgid>`, `wecom-notice:check-in:…`); Slack's keys predate
 * this and carry no door prefix, so Slack owns what no other door claims.
 */

export const PREFIXED_DOORS = ['wecom', 'dingtalk'] as const
export type PrefixedDoor = (typeof PREFIXED_DOORS)[number]
/** A door that replays and resends rows of the delivery log. */
export type DeliveryDoor = PrefixedDoor | 'slack'

export function ownsKey(door: DeliveryDoor, key: string): boolean {
  if (door === 'slack') return !PREFIXED_DOORS.some((d) => key.startsWith(`${d}-`))
  return key.startsWith(`${door}-`)
}

/** The outbox key of a notice (check-in, digest, 催报) a prefixed door sends under `key`. */
export function noticeKey(door: PrefixedDoor, key: string): string {
  return `${door}-notice:${key}`
}
