/**
 * Kill probe for the Slack door (issue 22): the door runs as a real process (`src/main.ts --adapter
 * slack`, HTTP mode) against the fake Slack Web API; a driver sends signed progress reports from
 * four clerks, retrying any that was not acknowledged (as Slack does), while the door is killed
 * with SIGKILL at random moments and started again on the same database. At the end it counts, per
 * report: the replies that appeared in Slack (0 = lost, 2+ = doubled) and the updates stored.
 * chat.postMessage answers after a delay (default 40 ms), so kills land while replies are in
 * flight. Alone: `npx tsx bench/kill-slack.ts [--events 60] [--kills 10] [--seed 1]`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import { FakeSlackApi } from '../tests/helpers/slack-fake-api.js'
import { eventEnvelope, postSigned, SIGNING_SECRET } from '../tests/helpers/slack-requests.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const USERS = ['U0KILLA', 'U0KILLB', 'U0KILLC', 'U0KILLD']

export interface KillProbeOptions {
  events: number
  kills: number
  seed: number
  /** How long the fake takes to answer chat.postMessage. */
  postDelayMs?: number
  /** Extra environment for the door (e.g. BOT_LATE_REPLY_MINUTES). */
  env?: Record<string, string>
}

export interface KillProbeReport {
  events: number
  kills: number
  /** Replies to reports that appeared in Slack, all told. */
  posts: number
  /** Reports answered more than once, and how many extra replies that made. */
  doubled: number
  extraPosts: number
  /** Reports acknowledged and never answered. */
  unanswered: number
  /** Reports stored more or fewer than once. */
  storedTwice: number
  notStored: number
  seconds: number
}

/** A small seeded generator, so a run can be replayed with --seed. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

class Door {
  child: ChildProcess | undefined
  stderr = ''
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly port: number,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), '--adapter', 'slack'], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString()
    })
    this.child = child
    for (let i = 0; i < 400; i++) {
      if (child.exitCode !== null) throw new Error(`door exited at start:\n${this.stderr}`)
      const up = await fetch(`http://127.0.0.1:${this.port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
      if (up) return
      await sleep(50)
    }
    throw new Error('door did not start')
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill(signal)
    await exited
  }
}

export async function killProbe(opts: KillProbeOptions): Promise<KillProbeReport> {
  const began = performance.now()
  const next = random(opts.seed)
  const dir = mkdtempSync(join(tmpdir(), 'gzyd-kills-'))
  const api = await new FakeSlackApi().start()
  api.delay('chat.postMessage', opts.postDelayMs ?? 40)
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/slack/events`
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    SLACK_BOT_TOKEN: 'xoxb-probe-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.apiUrl,
    PORT: String(port),
    BOT_DB: join(dir, 'bot.db'),
    BOT_EXPORT_DIR: join(dir, 'exports'),
    BOT_BINDING_POLICY: 'open',
    BOT_SEND_INTERVAL_MS: '0',
    BOT_REMIND_CRON: '',
    LOG_LEVEL: 'warn',
    ...opts.env,
  }
  const door = new Door(env, port)
  try {
    await door.start()
    // Each clerk binds first (answered and stored before the kills begin).
    for (const user of USERS) await deliver(url, eventEnvelope(dm(user, '我是知识产权促进科的')).body)
    const reports = Array.from({ length: opts.events }, (_, k) => {
      const user = USERS[k % USERS.length] as string
      return { k: k + 1, user, body: eventEnvelope(dm(user, `进度 20 第${k + 1}次报送：走访企业${k + 1}家`)).body }
    })
    let kills = 0
    let sent = 0
    let retries = 0
    const killer = (async () => {
      while (kills < opts.kills) {
        await sleep(300 + next() * 1200)
        await door.kill()
        kills++
        await door.start()
      }
    })()
    // Reports go out one after another; one not acknowledged (the door was down) is retried, like Slack.
    while (sent < reports.length) {
      const report = reports[sent] as (typeof reports)[number]
      const ok = await postSigned(url, report.body, 'application/json', retries ? { retryNum: retries } : {}).then(
        (r) => r.status === 200,
        () => false,
      )
      if (ok) {
        sent++
        retries = 0
      } else {
        retries++
        await sleep(50)
      }
      await sleep(next() * 40)
    }
    await killer
    await waitQuiet(api, reports.length + USERS.length)
    await door.kill('SIGTERM')

    const store = new SqliteStore(env.BOT_DB as string)
    const stored = (await store.updatesForTask(20)).map((u) => u.text)
    await store.close()
    let doubled = 0
    let extraPosts = 0
    let unanswered = 0
    let storedTwice = 0
    let notStored = 0
    let posts = 0
    for (const { k, user } of reports) {
      const mark = `第${k}次报送`
      const replies = api.messages.filter((m) => m.channel === `D${user}` && String(m.text).includes(mark)).length
      posts += replies
      if (replies === 0) unanswered++
      if (replies > 1) {
        doubled++
        extraPosts += replies - 1
      }
      const rows = stored.filter((t) => t.startsWith(mark)).length
      if (rows > 1) storedTwice++
      if (rows === 0) notStored++
    }
    return {
      events: reports.length,
      kills,
      posts,
      doubled,
      extraPosts,
      unanswered,
      storedTwice,
      notStored,
      seconds: Math.round((performance.now() - began) / 100) / 10,
    }
  } finally {
    await door.kill()
    await api.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

function dm(user: string, text: string) {
  return { channel: `D${user}`, channel_type: 'im' as const, user, text }
}

/** Sends one event until the door acknowledges it. */
async function deliver(url: string, body: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const ok = await postSigned(url, body, 'application/json').then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) return
    await sleep(50)
  }
  throw new Error('event never acknowledged')
}

/**
 * Waits until every report has a reply and nothing new came for a second, or, short of that,
 * until nothing new was posted for 30 seconds (a restart on a loaded machine can take several).
 */
async function waitQuiet(api: FakeSlackApi, expected: number): Promise<void> {
  let last = -1
  let quietSince = Date.now()
  for (;;) {
    const count = api.messages.length
    if (count !== last) quietSince = Date.now()
    last = count
    const quiet = Date.now() - quietSince
    if ((count >= expected && quiet >= 1_000) || quiet >= 30_000) return
    await sleep(100)
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '60' },
      kills: { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
    },
  })
  const report = await killProbe({ events: Number(values.events), kills: Number(values.kills), seed: Number(values.seed) })
  process.stdout.write(`${JSON.stringify(report)}\n`)
}
