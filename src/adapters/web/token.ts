import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Dashboard access tokens. A signed token is `payload.mac`: payload = base64url JSON {u: user id,
 * e: expiry in epoch seconds}, mac = base64url HMAC-SHA256(payload) under BOT_WEB_SECRET. Nothing is
 * stored server-side, so links survive a restart and expire by themselves; `allowed` is asked again
 * on every check, so removing someone from BOT_LEADERS (read at start) revokes their links after a restart.
 * Without a secret the door signs with a random in-memory key and hands out one-time tokens.
 */

export interface TokenClaims {
  user: string
  expires: Date
}

export class TokenSigner {
  private readonly key: Buffer
  private readonly oneTime = new Map<string, TokenClaims>()

  /** `secret` undefined: a random key, valid until the process ends. */
  constructor(
    secret: string | undefined,
    private readonly allowed: (user: string) => boolean,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32)
  }

  sign(user: string, ttlMs: number): string {
    const payload = Buffer.from(JSON.stringify({ u: user, e: Math.floor((this.now().getTime() + ttlMs) / 1000) })).toString('base64url')
    return `${payload}.${this.mac(payload)}`
  }

  /** The claims of a valid, unexpired token for a user still allowed; null for anything else. */
  verify(token: string | undefined): TokenClaims | null {
    if (!token || token.length > 2048) return null
    const [payload, mac, extra] = token.split('.')
    if (!payload || !mac || extra !== undefined) return null
    const expected = Buffer.from(this.mac(payload))
    const given = Buffer.from(mac)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
    try {
      const { u, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; e?: unknown }
      if (typeof u !== 'string' || typeof e !== 'number') return null
      const expires = new Date(e * 1000)
      if (expires <= this.now() || !this.allowed(u)) return null
      return { user: u, expires }
    } catch {
      return null
    }
  }

  /** A random token that `redeem` accepts once, for the local link printed at start. */
  issueOneTime(user: string, ttlMs: number): string {
    const token = randomBytes(24).toString('base64url')
    this.oneTime.set(token, { user, expires: new Date(this.now().getTime() + ttlMs) })
    return token
  }

  /** Claims of a one-time token, which is used up by this call; null when unknown, used or expired. */
  redeem(token: string | undefined): TokenClaims | null {
    if (!token) return null
    const claims = this.oneTime.get(token)
    if (!claims) return null
    this.oneTime.delete(token)
    return claims.expires > this.now() ? claims : null
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url')
  }
}
