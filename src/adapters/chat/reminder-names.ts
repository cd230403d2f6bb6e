import type { Mention } from '../../core/summary/reminder.js'

/**
 * How a 催报 names the bound clerks of one platform: by name (else their id without the prefix),
 * without `@`, since a typed `@` pings nobody; the door adds real mentions where the platform has
 * them. Clerks bound on another platform are left out: they are reminded through their own door.
 */
export function namedOnly(platform: string): Mention {
  const prefix = `${platform}:`
  return (b) => (b.user.startsWith(prefix) ? (b.userName ?? b.user.slice(prefix.length)) : null)
}
