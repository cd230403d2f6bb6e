/**
 * A door's outbound long connection (WeCom 智能机器人, DingTalk Stream), as one small port so it can
 * be held only while something else allows it: an instance elected through a database lock opens
 * it, and closes it when it loses the lock. `open()` resolves once connected (or, after a network
 * failure at start, once retrying in the background); it rejects only when the platform refuses
 * the credentials, which retrying cannot mend. While open, the connection keeps itself up.
 */
export interface LongConnection {
  open(): Promise<void>
  /** Stops for good: no reconnect after this. Safe to call twice. */
  close(): Promise<void>
  /** Resolves while connected; otherwise once connected again. Rejects when closed. */
  ready(): Promise<void>
}

/**
 * Whether a connection is up, for senders waiting on it: `wait()` resolves at once while up, else
 * at the next `up()`; every waiter is rejected by `close()`, after which `wait()` rejects at once.
 */
export class ReadyGate {
  private isUp = false
  private isClosed = false
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = []

  constructor(private readonly label: string) {}

  get connected(): boolean {
    return this.isUp
  }

  get closed(): boolean {
    return this.isClosed
  }

  wait(): Promise<void> {
    if (this.isClosed) return Promise.reject(new Error(`${this.label}: connection closed`))
    if (this.isUp) return Promise.resolve()
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }

  up(): void {
    this.isUp = true
    for (const w of this.waiters.splice(0)) w.resolve()
  }

  down(): void {
    this.isUp = false
  }

  close(): void {
    this.isClosed = true
    this.isUp = false
    for (const w of this.waiters.splice(0)) w.reject(new Error(`${this.label}: connection closed`))
  }
}

/** Why a connection is down, as the log line names it. */
export type DropCause =
  /** The platform refused the id or secret: an operator must fix the settings. */
  | { kind: 'credentials'; detail: string }
  /** Another connection of the same bot took over (a second copy running somewhere). */
  | { kind: 'kicked'; detail: string }
  /** The platform asked the client to reconnect (maintenance, rebalancing). */
  | { kind: 'server'; detail: string }
  /** Anything on the way: refused, reset, timed out, name not resolved, heartbeat lost. */
  | { kind: 'network'; detail: string }

const CAUSE_WORDS: Record<DropCause['kind'], string> = {
  credentials: 'bad credentials',
  kicked: 'kicked by another connection of the same bot',
  server: 'the platform asked to reconnect',
  network: 'network',
}

export function describeCause(cause: DropCause): string {
  return `${CAUSE_WORDS[cause.kind]}: ${cause.detail}`
}

export interface BackoffOptions {
  /** First delay. */
  baseMs: number
  /** Largest delay. */
  maxMs: number
}

/**
 * Exponential delays (base, 2·base, 4·base … max) for reconnecting. A connection that stayed up
 * for a while resets it (`reset`), so one drop a day waits the base delay, not the maximum.
 */
export class Backoff {
  private attempts = 0

  constructor(private readonly options: BackoffOptions) {}

  /** The delay before the next attempt, and the attempt's number (1, 2, …). */
  next(): { delayMs: number; attempt: number } {
    this.attempts++
    const delayMs = Math.min(this.options.baseMs * 2 ** (this.attempts - 1), this.options.maxMs)
    return { delayMs, attempt: this.attempts }
  }

  reset(): void {
    this.attempts = 0
  }
}

/** Default reconnect pacing: 1 s doubling to 60 s; after a kick, 30 s doubling to 10 minutes. */
export const RECONNECT: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 }
export const AFTER_KICK: BackoffOptions = { baseMs: 30_000, maxMs: 600_000 }
/** A connection up this long before it drops starts the backoff afresh. */
export const STABLE_MS = 60_000

/** The network reason of an error (ECONNREFUSED, ENOTFOUND, a timeout …), for the log line. */
export function networkDetail(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
    const causeCode = typeof cause?.code === 'string' ? cause.code : ''
    const text = error.message || String(code ?? '')
    return [typeof code === 'string' && !text.includes(code) ? code : '', causeCode && !text.includes(causeCode) ? causeCode : '', text]
      .filter(Boolean)
      .join(' ')
  }
  return String(error)
}
