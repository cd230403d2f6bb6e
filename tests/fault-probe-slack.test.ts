import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { expect, it } from 'vitest'
import { ProbeInstance } from './helpers/probe-instance.js'
import { FakeSlackApi, type RecordedCall } from './helpers/slack-fake-api.js'
import { eventEnvelope, postSigned, SIGNING_SECRET } from './helpers/slack-requests.js'
import { eachStore } from './helpers/store-kinds.js'

/**
 * Fault probe (issue 21, point 4): two Slack door instances, each its own process, on one
 * PostgreSQL database, behind a "load balancer" (this test) that sends every event to one of them
 * and, when that fails, to the other (as Slack retries), and now and then to both (a fan-out). A
 * fake Slack on 127.0.0.1 records every message posted. For PROBE_SECONDS (default 20) an instance
 * is killed with SIGKILL at random and started again. Then, with both up:
 *   - every acknowledged 进度 is stored exactly once;
 *   - every accepted event is answered exactly once (one reply in its thread);
 *   - no 催报, check-in or leaders' digest is sent twice (each instance runs them every half second).
 * A longer run: PROBE_SECONDS=600 npx vitest run tests/fault-probe-slack.test.ts
 */

const SECONDS = Number(process.env.PROBE_SECONDS ?? 20)
const USERS = ['U01', 'U02', 'U03', 'U04', 'U05', 'U06']
const UNITS = ['知识产权促进科', '质量发展科', '知识产权促进科', '质量发展科', '知识产权促进科', '质量发展科']
/** A task each unit leads, so every report is one its clerk may make. */
const TASK_OF: Record<string, number> = { 知识产权促进科: 20, 质量发展科: 10 }

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)] as T

interface Accepted {
  eventId: string
  ts: string
  text: string
  report: boolean
}

eachStore(
  (kind) => {
    it(
      `answers every accepted event once and stores every acknowledged 进度 once while instances are killed for ${SECONDS} s`,
      async () => {
        const api = await new FakeSlackApi().start()
        const dir = mkdtempSync(join(tmpdir(), 'gzyd-probe-'))
        const env = {
          SLACK_BOT_TOKEN: 'xoxb-probe',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: api.apiUrl,
          BOT_DB: kind.target,
          BOT_EXPORT_DIR: join(dir, 'exports'),
          BOT_BINDING_POLICY: 'open',
          BOT_SEND_INTERVAL_MS: '0',
          BOT_REMIND_CHANNELS: 'C0REMIND',
          BOT_LEADERS_CHANNEL: 'C0LEAD',
          BOT_TAKEOVER_SECONDS: '1',
          LOG_LEVEL: 'warn',
          PROBE_EPOCH: String(Date.now()),
          PROBE_CLOCK: '2023-07-26T10:00:00+08:00',
          PROBE_TICK_MS: '500',
        }
        const instances = [new ProbeInstance('A', await freePort(), env), new ProbeInstance('B', await freePort(), env)]
        const accepted: Accepted[] = []
        let deliveries = 0
        let refused = 0
        try {
          await Promise.all(instances.map((i) => i.start()))

          /** Delivers like Slack: to one instance, to the other when that fails, until one says 200. */
          const deliver = async (body: string, first: ProbeInstance): Promise<boolean> => {
            let target = first
            for (let attempt = 0; attempt < 200; attempt++) {
              deliveries++
              const answer = await postSigned(target.url, body, 'application/json', attempt ? { retryNum: attempt } : {}).catch(() => null)
              if (answer?.status === 200) return true
              refused++
              target = instances.find((i) => i !== target) as ProbeInstance
              await sleep(100)
            }
            return false
          }
          const send = async (user: string, text: string, report: boolean): Promise<void> => {
            const envelope = eventEnvelope({ text, user, channel: 'C0WORK' })
            const first = pick(instances)
            if (!(await deliver(envelope.body, first))) throw new Error(`event ${envelope.eventId} never accepted`)
            accepted.push({ eventId: envelope.eventId, ts: envelope.ts, text, report })
            // Now and then the same event again at the other instance (a retry that crossed the ack, a fan-out).
            if (Math.random() < 0.25) await deliver(envelope.body, instances.find((i) => i !== first) as ProbeInstance)
          }

          await Promise.all(USERS.map((u, k) => send(u, `<@UBOT> 绑定 ${UNITS[k]}`, false)))
          // Reports come only from bound clerks: wait until every binding is answered.
          await api.until(() => accepted.every((a) => api.posts.some((c) => c.params.thread_ts === a.ts)), 60_000)
          const deadline = Date.now() + SECONDS * 1000
          const killer = (async () => {
            while (Date.now() < deadline) {
              await sleep(1_000 + Math.random() * 2_500)
              const victim = pick(instances.filter((i) => i.up))
              if (!victim) continue
              await victim.kill()
              await sleep(200 + Math.random() * 1_500)
              await victim.start()
            }
          })()
          const inflight: Promise<void>[] = []
          for (let k = 1; Date.now() < deadline; k++) {
            const report = k % 3 !== 0
            const who = Math.floor(Math.random() * USERS.length)
            const text = report
              ? `进度 ${TASK_OF[UNITS[who] as string]} 第${k}次报送：走访企业${k}家`
              : `<@UBOT> 第${10 + (k % 40)}条是什么`
            inflight.push(send(USERS[who] as string, text, report))
            await sleep(80 + Math.random() * 120)
          }
          await killer
          await Promise.all(inflight)
          for (const i of instances) if (!i.up) await i.start()

          // Every accepted event gets its reply (some after a takeover); then wait out stray duplicates.
          const repliesTo = (ts: string) => api.posts.filter((c) => c.params.thread_ts === ts)
          await api.until(() => accepted.every((a) => repliesTo(a.ts).length > 0), 90_000).catch(() => {})
          await sleep(3_000)

          const missing = accepted.filter((a) => repliesTo(a.ts).length === 0)
          const doubled = accepted.filter((a) => repliesTo(a.ts).length > 1)
          const client = new pg.Client({ connectionString: kind.target })
          await client.connect()
          const stored = new Map<string, number>()
          try {
            for (const r of (
              await client.query<{ text: string; n: number }>('SELECT original AS text, COUNT(*)::int AS n FROM updates GROUP BY original')
            ).rows)
              stored.set(r.text, r.n)
          } finally {
            await client.end()
          }
          const reports = accepted.filter((a) => a.report)
          const unstored = reports.filter((a) => stored.get(a.text) !== 1)
          // 已记录, or 已经记录过 when an instance died after storing it and before replying, and its
          // replay found the update stored under the message's id: acknowledged either way.
          const wrongReplies = reports.filter((a) => !repliesTo(a.ts).every((c) => /已记录|已经记录过/.test(String(c.params.text))))
          const postsTo = (channel: string) => api.posts.filter((c: RecordedCall) => c.params.channel === channel)
          const dms = api.posts.filter((c) => String(c.params.channel).startsWith('D'))
          const dmCounts = new Map<string, number>()
          for (const c of dms) dmCounts.set(String(c.params.channel), (dmCounts.get(String(c.params.channel)) ?? 0) + 1)
          const summary = {
            seconds: SECONDS,
            events: accepted.length,
            reports: reports.length,
            deliveries,
            refused,
            kills: instances.map((i) => `${i.name}:${i.kills}`),
            replies: accepted.reduce((n, a) => n + repliesTo(a.ts).length, 0),
            reminders: postsTo('C0REMIND').length,
            digests: postsTo('C0LEAD').length,
            checkIns: dms.length,
          }
          process.stderr.write(`fault probe: ${JSON.stringify(summary)}\n`)
          const logs = instances.map((i) => `--- ${i.name}\n${i.log}`).join('\n')
          expect(
            missing.map((a) => a.text),
            logs,
          ).toEqual([])
          expect(
            doubled.map((a) => a.text),
            logs,
          ).toEqual([])
          expect(
            unstored.map((a) => `${a.text} → stored ${stored.get(a.text) ?? 0}×, answered ${repliesTo(a.ts).map((c) => c.params.text)}`),
          ).toEqual([])
          expect(wrongReplies.map((a) => `${a.text} → ${repliesTo(a.ts).map((c) => c.params.text)}`)).toEqual([])
          expect(stored.size).toBe(reports.length)
          expect(postsTo('C0REMIND').length).toBeLessThanOrEqual(1)
          expect(postsTo('C0LEAD').length).toBeLessThanOrEqual(1)
          expect([...dmCounts.values()].every((n) => n === 1)).toBe(true)
          expect(summary.reminders + summary.digests + summary.checkIns).toBeGreaterThan(0)
          expect(instances.reduce((n, i) => n + i.kills, 0)).toBeGreaterThan(0)
        } finally {
          await Promise.all(instances.map((i) => i.stop()))
          await api.close()
          rmSync(dir, { recursive: true, force: true })
        }
      },
      SECONDS * 1000 + 240_000,
    )
  },
  ['postgres'],
)
