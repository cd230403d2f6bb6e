import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { boot, type Runtime } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { silentLogger } from '../src/core/log.js'
import { ask as dingtalkAsk, dingtalkHarness } from './helpers/dingtalk-door.js'
import type { DoorHarness, StartedDoor } from './helpers/door-harness.js'
import { ask as wecomAsk, wecomHarness } from './helpers/wecom-door.js'

/**
 * The shared progress scenario (../shared/eval/dev-scenario.jsonl), the one the terminal, Slack
 * and WeChat play, through the WeCom and DingTalk doors: each scenario user writes to the bot in a
 * direct message, a restart step restarts the door on the same database. What the user receives
 * must be exactly what the core answers the same message on a second database fed the same steps
 * (the terminal's path), and meet the scenario's expectations. A fresh clone has no ../shared and
 * skips.
 */

interface Step {
  text?: string
  user?: string
  restart?: boolean
  expect?: { reply_has?: string[]; reply_lacks?: string[]; progress_task?: number; no_progress?: boolean }
}

const SCENARIO = new URL('../../shared/eval/dev-scenario.jsonl', import.meta.url)
const steps: Step[] = existsSync(SCENARIO)
  ? readFileSync(SCENARIO, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Step)
  : []
const dir = mkdtempSync(join(tmpdir(), 'gzyd-door-scenario-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A door as the scenario drives it: one user's message in, the text that user received out. */
interface Door {
  platform: 'wecom' | 'dingtalk'
  /** Whether the platform gives the sender's name (DingTalk's senderNick; WeCom gives none). */
  names: boolean
  h: DoorHarness<StartedDoor>
  say(user: string, text: string): Promise<string>
  close(): Promise<void>
}

async function wecomDoor(): Promise<Door> {
  const { fake, h } = await wecomHarness({ LOG_LEVEL: 'silent' })
  return {
    platform: 'wecom',
    names: false,
    h,
    async say(user, text) {
      const before = fake.visible(user).length
      await wecomAsk(fake, h, { userid: user, text })
      return fake
        .visible(user)
        .slice(before)
        .map((v) => v.content)
        .join('\n')
    },
    close: async () => {
      await h.close()
      await fake.close()
    },
  }
}

async function dingtalkDoor(): Promise<Door> {
  const { fake, h } = await dingtalkHarness({ LOG_LEVEL: 'silent' })
  return {
    platform: 'dingtalk',
    names: true,
    h,
    async say(user, text) {
      const before = fake.shown.length
      const { conversationId } = await dingtalkAsk(fake, h, { staffId: user, nick: user, text })
      return fake.shown
        .slice(before)
        .filter((s) => s.chat === conversationId)
        .map((s) => s.content)
        .join('\n')
    },
    close: async () => {
      await h.close()
      await fake.close()
    },
  }
}

/** Replies quote the time of updates; two runs a moment apart may differ there only. */
const untimed = (s: string) => s.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, '<time>')

describe.skipIf(steps.length === 0)('the shared scenario through the WeCom and DingTalk doors', () => {
  it.each([
    ['WeCom', wecomDoor],
    ['DingTalk', dingtalkDoor],
  ])('%s gives the core answers, unchanged, across a restart', async (_name, open) => {
    const door = await open()
    // The same settings on a second database, asked directly (no door).
    const referenceEnv = { ...door.h.env, BOT_DB: join(dir, `${door.platform}-reference.db`), BOT_EXPORT_DIR: join(dir, 'exports') }
    const reference = () => boot(loadConfig(referenceEnv, door.platform), { log: silentLogger })
    let direct: Runtime = await reference()
    try {
      for (const [i, step] of steps.entries()) {
        if (step.restart) {
          await door.h.restart()
          await direct.close()
          direct = await reference()
          continue
        }
        if (!step.text) continue
        const user = step.user ?? 'u-anon'
        const where = `step ${i + 1} 「${step.text}」`
        const before = (await door.h.runtime.store.liveUpdates()).length
        const received = await door.say(user, step.text)
        const core = await direct.bot.handle({
          text: step.text,
          user: `${door.platform}:${user}`,
          ...(door.names ? { userName: user } : {}),
          platform: door.platform,
          channel: user,
        })
        expect(untimed(received), where).toBe(untimed(core.reply))
        for (const part of step.expect?.reply_has ?? []) expect(received, where).toContain(part)
        for (const part of step.expect?.reply_lacks ?? []) expect(received, where).not.toContain(part)
        const stored = (await door.h.runtime.store.liveUpdates()).slice(before)
        if (step.expect?.progress_task !== undefined)
          expect(
            stored.map((u) => u.task),
            where,
          ).toEqual([step.expect.progress_task])
        if (step.expect?.no_progress) expect(stored, where).toEqual([])
      }
    } finally {
      await direct.close()
      await door.close()
    }
  })
})
