import { existsSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { startWechatHarness, type WechatHarness } from './helpers/wechat-harness.js'
import { type RecordingRuntime, removeRuntimeDirs, startRuntime } from './helpers/wechat-runtime.js'

/**
 * The shared progress scenario (../shared/eval/dev-scenario.jsonl) played over WeChat direct
 * messages, one mock contact per scenario user, with a real restart (new runtime on the same
 * database, new Wechaty). Each expectation is checked on what the contact actually received, and
 * the received text must be exactly the core's reply: WeChat adds nothing and loses nothing.
 */

interface Step {
  text?: string
  user?: string
  restart?: boolean
  expect?: { reply_has?: string[]; progress_task?: number; no_progress?: boolean }
}

const scenarioUrl = new URL('../../shared/eval/dev-scenario.jsonl', import.meta.url)
// The scenario lives in ../shared beside the checkout; a fresh clone has none, and skips.
const steps: Step[] = existsSync(scenarioUrl)
  ? readFileSync(scenarioUrl, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Step)
  : []

const runtimes: RecordingRuntime[] = []
afterAll(async () => {
  for (const r of runtimes) await r.close()
  removeRuntimeDirs()
})

describe.skipIf(steps.length === 0)('the shared scenario over WeChat', () => {
  it('gives the expected answers, delivered to each user unchanged, across a restart', async () => {
    let runtime = await startRuntime()
    runtimes.push(runtime)
    let h: WechatHarness = await startWechatHarness(runtime)
    try {
      for (const [i, step] of steps.entries()) {
        if (step.restart) {
          await h.stop()
          await runtime.close()
          runtime = await startRuntime({}, runtime)
          runtimes.push(runtime)
          h = await startWechatHarness(runtime)
          continue
        }
        const user = step.user ?? 'u-default'
        const contact = findOrCreate(h, user)
        const before = h.sentByBot().length
        const id = h.say(contact, step.text ?? '', h.botUser)
        const where = `step ${i + 1} 「${step.text}」`
        expect(await h.outcomeOf(id), where).toMatchObject({ action: 'replied' })

        const received = h.sentByBot().slice(before)
        expect(
          received.every((m) => m.listenerId === user),
          where,
        ).toBe(true)
        const text = received.map((m) => m.text).join('')
        const answer = runtime.answers.at(-1)
        expect(text.replace(/\s/g, ''), where).toBe(answer?.reply.replace(/\s/g, ''))
        for (const part of step.expect?.reply_has ?? []) expect(text, where).toContain(part)
        if (step.expect?.progress_task !== undefined) expect(answer?.progress?.task, where).toBe(step.expect.progress_task)
        if (step.expect?.no_progress) expect(answer?.progress, where).toBeUndefined()
      }
    } finally {
      await h.stop()
    }
  })
})

function findOrCreate(h: WechatHarness, id: string) {
  try {
    return h.mocker.ContactMock.load(id)
  } catch {
    return h.mocker.createContact({ id, name: id })
  }
}
