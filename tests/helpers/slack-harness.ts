/**
 * One Slack test setup: the real runtime from `boot()` (temporary database), a fake Slack Web API,
 * and the real bolt App listening on 127.0.0.1 with a free port. Requests are signed like Slack's;
 * `outcome(id)` waits until the adapter has finished with an event or command, so tests need no
 * sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSlackApp, type SlackAdapter, type SlackOutcome } from '../../src/adapters/slack/index.js'
import { boot, type Runtime } from '../../src/boot.js'
import { loadConfig } from '../../src/config.js'
import { type Logger, silentLogger } from '../../src/core/log.js'
import { FakeSlackApi } from './slack-fake-api.js'
import { FakeSocketMode } from './slack-fake-socket.js'
import {
  type CommandInput,
  commandForm,
  eventEnvelope,
  type MessageEventInput,
  postSigned,
  type SendOptions,
  SIGNING_SECRET,
} from './slack-requests.js'

export const ADMIN = 'slack:U0BOSS'

export interface HarnessOptions {
  env?: Record<string, string>
  /** Socket Mode instead of HTTP: sets SLACK_APP_TOKEN and serves a fake WebSocket endpoint. */
  socketMode?: boolean
  /** The runtime's logger (default: silent). */
  log?: Logger
}

export class SlackHarness {
  readonly outcomes: SlackOutcome[] = []
  private waiters: Array<() => void> = []
  private booted: { runtime: Runtime; adapter: SlackAdapter; url: string } | undefined

  private constructor(
    readonly api: FakeSlackApi,
    /** The fake Socket Mode endpoint (Socket Mode only). */
    readonly socket: FakeSocketMode | undefined,
    private readonly env: Record<string, string>,
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<SlackHarness> {
    const api = await new FakeSlackApi().start()
    const dir = mkdtempSync(join(tmpdir(), 'gzyd-slack-'))
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.apiUrl,
      BOT_DB: join(dir, 'bot.db'),
      BOT_EXPORT_DIR: join(dir, 'exports'),
      BOT_ADMINS: ADMIN,
      BOT_BINDING_POLICY: 'open',
      BOT_SEND_INTERVAL_MS: '0',
      BOT_BACKLOG_SECONDS: '120',
      LOG_LEVEL: 'silent',
      ...(options.socketMode ? { SLACK_APP_TOKEN: 'xapp-test-token' } : {}),
      ...options.env,
    }
    const socket = options.socketMode ? new FakeSocketMode(api) : undefined
    const harness = new SlackHarness(api, socket, env, dir, options.log ?? silentLogger)
    await harness.boot()
    return harness
  }

  get runtime(): Runtime {
    return this.current().runtime
  }
  get adapter(): SlackAdapter {
    return this.current().adapter
  }
  /** The HTTP events endpoint (empty in Socket Mode). */
  get url(): string {
    return this.current().url
  }

  /** A restart: stops the adapter, closes the database, boots again on the same files. */
  async restart(): Promise<void> {
    await this.adapter.stop()
    await this.runtime.close()
    await this.boot()
  }

  /**
   * A crash: the receiver stops and the database closes without waiting for messages in hand or
   * replies in the send queue (they are abandoned, as in a killed process); then boots again on
   * the same files.
   */
  async crash(): Promise<void> {
    await this.adapter.app.stop().catch(() => {})
    await this.runtime.close()
    await this.boot()
  }

  private async boot(): Promise<void> {
    const runtime = await boot(loadConfig(this.env, 'slack'), { log: this.log })
    const adapter = createSlackApp(runtime, {
      listen: { port: 0, host: '127.0.0.1' },
      // Retry quickly after a 429's Retry-After, and never retry other failures for minutes.
      clientOptions: { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 } },
      onOutcome: (outcome) => this.record(outcome),
    })
    const { port } = await adapter.start()
    this.booted = { runtime, adapter, url: port === undefined ? '' : `http://127.0.0.1:${port}/slack/events` }
  }

  private current(): { runtime: Runtime; adapter: SlackAdapter; url: string } {
    if (!this.booted) throw new Error('SlackHarness: not started')
    return this.booted
  }

  /** Sends a signed event; resolves with the HTTP status and the ids to wait on. */
  async event(input: MessageEventInput, options: SendOptions & { eventId?: string } = {}) {
    const envelope = eventEnvelope(input, options.eventId)
    const res = await postSigned(this.url, envelope.body, 'application/json', options)
    return { ...res, ...envelope }
  }

  /** Re-sends an envelope body exactly as before (a Slack redelivery). */
  async resend(body: string, options: SendOptions = {}) {
    return postSigned(this.url, body, 'application/json', options)
  }

  async command(input: Omit<CommandInput, 'responseUrl' | 'command'> & { command?: string }) {
    const form = commandForm({
      command: this.runtime.config.SLACK_SLASH_COMMAND,
      responseUrl: this.api.responseUrl('r1'),
      ...input,
    })
    const res = await postSigned(this.url, form.body, 'application/x-www-form-urlencoded')
    return { ...res, ...form }
  }

  /**
   * Test setup straight through the core: binds `user` to 知识产权促进科 and logs `count` long updates
   * for `task` (「第i次报送」, i = 1…count), enough for a reply longer than one Slack message.
   */
  async seedUpdates(user: string, task: number, count: number): Promise<void> {
    const as = { user: `slack:${user}`, platform: 'slack' as const }
    await this.runtime.bot.handle({ ...as, text: '我是知识产权促进科的' })
    for (let i = 1; i <= count; i++) {
      const text = `进度 ${task} 第${i}次报送：完成重点企业走访、专利导航和政策宣讲，跟踪企业${i}家，情况良好`
      await this.runtime.bot.handle({ ...as, text, messageId: `seed-${user}-${i}` })
    }
  }

  /** Resolves with the outcome of an event or command id once the adapter is done with it. */
  async outcome(id: string): Promise<SlackOutcome> {
    for (;;) {
      const found = this.outcomes.find((o) => o.id === id)
      if (found) return found
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  /** Sends an event and waits for what the adapter made of it. */
  async ask(input: MessageEventInput, options: SendOptions = {}) {
    const sent = await this.event(input, options)
    if (sent.status !== 200) throw new Error(`event rejected with HTTP ${sent.status}`)
    return { ...sent, outcome: await this.outcome(sent.eventId) }
  }

  async close(): Promise<void> {
    await this.adapter.stop()
    await this.runtime.close()
    await this.api.close()
    rmSync(this.dir, { recursive: true, force: true })
  }

  private record(outcome: SlackOutcome): void {
    this.outcomes.push(outcome)
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }
}
