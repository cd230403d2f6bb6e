/**
 * The shared progress scenario (../shared/eval/dev-scenario.jsonl) played through Slack direct
 * messages, with a real restart where the scenario asks for one. Each Slack reply, unescaped, must
 * equal what the core answers the same message directly (the terminal's path), and meet the
 * scenario's expectations.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { boot, type Runtime } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { silentLogger } from '../src/core/log.js'
import { SlackHarness } from './helpers/slack-harness.js'

const SCENARIO = new URL('../../shared/eval/dev-scenario.jsonl', import.meta.url)

interface Step {
  text?: string
  user?: string
  restart?: boolean
  expect?: { reply_has?: string[]; progress_task?: number; no_progress?: boolean }
}

const fromMrkdwn = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
/** Replies quote the time of updates; two runs a minute apart may differ there only. */
const untimed = (s: string) => s.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, '<time>')

describe.skipIf(!existsSync(SCENARIO))('the shared scenario through Slack', () => {
  const cleanup: Array<() => Promise<void> | void> = []
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step()
  })

  it('gives the same answers as the core, across a restart', async () => {
    const steps = readFileSync(SCENARIO, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Step)
    const h = await SlackHarness.start({ env: { BOT_ADMINS: 'slack:u-boss' } })
    cleanup.push(() => h.close())
    const dir = mkdtempSync(join(tmpdir(), 'gzyd-reference-'))
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
    const referenceEnv = { ...h.runtime.config, BOT_DB: join(dir, 'bot.db'), BOT_EXPORT_DIR: join(dir, 'exports') }
    const openReference = () => boot(loadConfig(stringEnv(referenceEnv), 'slack'), { log: silentLogger })
    let reference: Runtime = await openReference()
    cleanup.push(() => reference.close())

    for (const [i, step] of steps.entries()) {
      if (step.restart) {
        await h.restart()
        await reference.close()
        reference = await openReference()
        continue
      }
      if (!step.text) continue
      const user = step.user ?? 'u-anon'
      const channel = `D-${user}`
      const before = (await h.runtime.store.liveUpdates()).length
      const { outcome } = await h.ask({ channel, channel_type: 'im', user, text: step.text })
      expect(outcome.action, `step ${i}`).toBe('replied')
      const slackText = fromMrkdwn(h.api.posts.filter((p) => p.params.channel === channel).at(-1)?.params.text as string)
      const direct = await reference.bot.handle({ text: step.text, user: `slack:${user}`, platform: 'slack', channel })
      expect(untimed(slackText), `step ${i}: ${step.text}`).toBe(untimed(direct.reply.slice(0, 3000)))
      for (const needle of step.expect?.reply_has ?? []) expect(slackText, `step ${i}`).toContain(needle)
      const stored = (await h.runtime.store.liveUpdates()).slice(before)
      if (step.expect?.progress_task !== undefined) expect(stored.map((u) => u.task)).toEqual([step.expect.progress_task])
      if (step.expect?.no_progress) expect(stored).toEqual([])
    }
  })
})

/** Config values back to environment strings (lists joined), for loadConfig. */
function stringEnv(values: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || key === 'adapter') continue
    env[key] = Array.isArray(value)
      ? value.join(',')
      : value && typeof value === 'object'
        ? Object.entries(value)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')
        : String(value)
  }
  return env
}
