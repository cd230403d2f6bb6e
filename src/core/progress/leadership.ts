import type { Logger } from '../log.js'

/**
 * Leadership: a lock that one instance holds at a time, for what a platform allows once per bot
 * (a WeChat login, a Slack Socket Mode or WeCom/DingTalk long connection). PostgreSQL holds it as a
 * session advisory lock, so it is released the moment the holder's database session ends (the
 * process died, or the network to the database was lost long enough for the server to drop it);
 * SQLite, one machine, holds it in a row tied to a live process.
 */
export interface Lease {
  readonly name: string
  /** Settles when the lock is lost without being released (the database session holding it ended). */
  readonly lost: Promise<void>
  /** Gives the lock up; safe to call twice, and after it was lost. */
  release(): Promise<void>
}

export interface Leadership {
  /** Takes `name` when no live instance holds it; null when one does. Never waits for it. */
  tryAcquire(name: string): Promise<Lease | null>
}

export interface HeldConnection {
  stop(): Promise<void>
}

export interface LeaderOptions {
  /** How often an instance that is not the leader tries again (the takeover delay after a leader dies). */
  retryMs?: number
  log?: Logger
}

export interface LeaderLoop {
  /** True while this instance holds the lock and its connection is up. */
  leading(): boolean
  /** Settles the first time this instance has become the leader and connected (tests wait on it). */
  readonly first: Promise<void>
  /** Settles after the first attempt to lead: true when this instance leads, false when another does. */
  readonly tried: Promise<boolean>
  /** Stops the connection (if held), gives up the lock and stops trying. */
  stop(): Promise<void>
}

const DEFAULT_RETRY_MS = 5_000

/**
 * Holds the connection `connect` opens only while this instance holds the lock `name`: tries the
 * lock every `retryMs`; once it has it, connects; when the lock is lost, stops the connection at
 * once and tries again. A failed connect gives the lock back, so another instance may try.
 */
export function holdWhileLeader(
  leadership: Leadership,
  name: string,
  connect: () => Promise<HeldConnection>,
  options: LeaderOptions = {},
): LeaderLoop {
  const { log } = options
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS
  let stopped = false
  let signalStop: () => void = () => {}
  const stopping = new Promise<void>((resolve) => {
    signalStop = resolve
  })
  let held: { lease: Lease; connection: HeldConnection } | null = null
  let becameLeader: () => void = () => {}
  const first = new Promise<void>((resolve) => {
    becameLeader = resolve
  })
  let settleTry: (leads: boolean) => void = () => {}
  const tried = new Promise<boolean>((resolve) => {
    settleTry = resolve
  })
  const pause = async () => {
    let timer: NodeJS.Timeout | undefined
    await Promise.race([stopping, new Promise<void>((resolve) => (timer = setTimeout(resolve, retryMs)))])
    clearTimeout(timer)
  }

  const loop = (async () => {
    while (!stopped) {
      const lease = await leadership.tryAcquire(name).catch((error: unknown) => {
        log?.warn(`leader: could not try the lock ${name}; trying again`, { error })
        return null
      })
      if (!lease) {
        settleTry(false)
        await pause()
        continue
      }
      if (stopped) {
        await lease.release()
        break
      }
      let connection: HeldConnection
      try {
        connection = await connect()
      } catch (error) {
        log?.error(`leader: holding ${name} but connecting failed; giving the lock back`, { error })
        settleTry(false)
        await lease.release()
        await pause()
        continue
      }
      held = { lease, connection }
      log?.info(`leader: this instance holds ${name}`)
      becameLeader()
      settleTry(true)
      const lost = await Promise.race([lease.lost.then(() => true), stopping.then(() => false)])
      if (lost) log?.warn(`leader: lost the lock ${name} (database session ended); disconnecting`)
      held = null
      await connection.stop().catch((error: unknown) => log?.warn(`leader: stopping ${name} failed`, { error }))
      await lease.release()
    }
  })()

  return {
    leading: () => held !== null,
    first,
    tried,
    async stop() {
      stopped = true
      signalStop()
      settleTry(false)
      await loop
    },
  }
}
