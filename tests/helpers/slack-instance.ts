/**
 * One Slack door instance as its own process, for the fault probe (tests/fault-probe-slack.test.ts):
 * the real boot() and startSlackAdapter() from the environment (BOT_DB a PostgreSQL URL, the Web
 * API a local fake), listening on 127.0.0.1:PROBE_PORT. Its clock starts at PROBE_CLOCK and runs
 * with real time from PROBE_EPOCH (the same for every instance), so the plan year is current.
 * Every PROBE_TICK_MS it runs the 催报 and the check-ins, as the daily schedule would, so that
 * instances racing to send them is exercised all the time. Prints "ready <port>" on stdout.
 */
import { startSlackAdapter } from '../../src/adapters/slack/start.js'
import { boot } from '../../src/boot.js'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/core/log.js'

const env = process.env
const epoch = Number(env.PROBE_EPOCH)
const clock = new Date(env.PROBE_CLOCK ?? '').getTime()
const now = () => new Date(clock + (Date.now() - epoch))
const log = createLogger(env.LOG_LEVEL === 'silent' ? 'silent' : 'warn')

const runtime = await boot(loadConfig(env, 'slack'), { now, log })
const started = await startSlackAdapter(runtime, {
  now,
  listen: { port: Number(env.PROBE_PORT), host: '127.0.0.1' },
  clientOptions: { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 } },
})
const tick = setInterval(
  () => {
    void started.reminders.runNow().catch((error: unknown) => log.error('probe: 催报 run failed', { error }))
    void started.checkIns.runNow().catch((error: unknown) => log.error('probe: check-in run failed', { error }))
  },
  Number(env.PROBE_TICK_MS ?? 500),
)
process.stdout.write(`ready ${env.PROBE_PORT}\n`)
process.once('SIGTERM', async () => {
  clearInterval(tick)
  await started.stop()
  await runtime.close()
  process.exit(0)
})
