/**
 * One setup for the long-connection doors (WeCom, DingTalk): the real runtime from `boot()` on a
 * temporary database, a door started against a local fake of its platform, every log line kept
 * (`logged`), and the outcome of each message recorded so tests wait on it instead of sleeping.
 * `crash()` is a kill: the connection is cut and the database closed with messages and sends in
 * hand abandoned; then a new runtime and door start on the same files, as after a restart.
 * `gate(text)` holds the core's answer to a message until released, to crash between accept and reply.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DoorOutcome } from '../../src/adapters/chat/inbox-pipeline.js'
import { boot, type Runtime } from '../../src/boot.js'
import { type AdapterName, loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/core/log.js'
import type { BotReply, IncomingMessage } from '../../src/core/message.js'

export interface StartedDoor {
  stop(): Promise<void>
  /** Cuts the connection at once, as a killed process would (no drain, no goodbye). */
  kill(): void
}

export type DoorStarter<D extends StartedDoor> = (runtime: Runtime, onOutcome: (o: DoorOutcome) => void) => Promise<D>

export class DoorHarness<D extends StartedDoor = StartedDoor> {
  readonly outcomes: DoorOutcome[] = []
  readonly logged: string[] = []
  /** Messages the core was asked, in order, with what it answered. */
  readonly answered: Array<{ message: IncomingMessage; reply: BotReply }> = []
  private waiters: Array<() => void> = []
  private readonly gates = new Map<string, { opened: Promise<void>; open: () => void; reached: () => void; wasReached: Promise<void> }>()
  private booted: { runtime: Runtime; door: D } | undefined

  private constructor(
    private readonly adapter: AdapterName,
    readonly env: Record<string, string>,
    private readonly starter: DoorStarter<D>,
    readonly dir: string,
    private readonly now: (() => Date) | undefined,
  ) {}

  static async start<D extends StartedDoor>(
    adapter: AdapterName,
    env: Record<string, string>,
    starter: DoorStarter<D>,
    options: { now?: () => Date } = {},
  ): Promise<DoorHarness<D>> {
    const dir = mkdtempSync(join(tmpdir(), `gzyd-${adapter}-`))
    const full = {
      BOT_DB: join(dir, 'bot.db'),
      BOT_EXPORT_DIR: join(dir, 'exports'),
      BOT_BINDING_POLICY: 'open',
      BOT_SEND_INTERVAL_MS: '0',
      BOT_REMIND_CRON: '',
      LOG_LEVEL: 'debug',
      ...env,
    }
    const harness = new DoorHarness<D>(adapter, full, starter, dir, options.now)
    await harness.boot()
    return harness
  }

  get runtime(): Runtime {
    if (!this.booted) throw new Error('DoorHarness: not started')
    return this.booted.runtime
  }

  /** What the starter returned for the current run (its schedules, its door). */
  get door(): D {
    if (!this.booted) throw new Error('DoorHarness: not started')
    return this.booted.door
  }

  /** Boots a runtime and starts the door; rejects as start-up would (e.g. refused credentials). */
  async boot(): Promise<void> {
    const log = createLogger('debug', (line) => this.logged.push(line))
    const inner = await boot(loadConfig(this.env, this.adapter), { log, ...(this.now ? { now: this.now } : {}) })
    const runtime: Runtime = { ...inner, bot: { handle: (m) => this.handle(inner, m) } }
    try {
      const door = await this.starter(runtime, (o) => this.record(o))
      this.booted = { runtime, door }
    } catch (error) {
      await inner.close()
      throw error
    }
  }

  /** Holds the core's answer to the next message whose text includes `text`; `reached` resolves when it is held. */
  gate(text: string): { release: () => void; reached: Promise<void> } {
    let open = () => {}
    let reached = () => {}
    const opened = new Promise<void>((resolve) => {
      open = resolve
    })
    const wasReached = new Promise<void>((resolve) => {
      reached = resolve
    })
    this.gates.set(text, { opened, open, reached, wasReached })
    return { release: open, reached: wasReached }
  }

  async restart(): Promise<void> {
    await this.booted?.door.stop()
    await this.booted?.runtime.close()
    await this.boot()
  }

  /** A kill and a new start on the same files. */
  async crash(): Promise<void> {
    this.booted?.door.kill()
    await this.booted?.runtime.close()
    this.booted = undefined
    await this.boot()
  }

  async outcome(id: string, action?: DoorOutcome['action']): Promise<DoorOutcome> {
    for (;;) {
      const found = this.outcomes.find((o) => o.id === id && (!action || o.action === action))
      if (found) return found
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  async close(): Promise<void> {
    for (const g of this.gates.values()) g.open()
    await this.booted?.door.stop()
    await this.booted?.runtime.close()
    rmSync(this.dir, { recursive: true, force: true })
  }

  /** Lines logged so far that contain `text`. */
  lines(text: string): string[] {
    return this.logged.filter((l) => l.includes(text))
  }

  private async handle(inner: Runtime, message: IncomingMessage): Promise<BotReply> {
    for (const [text, gate] of this.gates) {
      if (!message.text.includes(text)) continue
      this.gates.delete(text)
      gate.reached()
      await gate.opened
    }
    const reply = await inner.bot.handle(message)
    this.answered.push({ message, reply })
    return reply
  }

  private record(outcome: DoorOutcome): void {
    this.outcomes.push(outcome)
    for (const wake of this.waiters.splice(0)) wake()
  }
}
