import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderReply } from '../src/adapters/slack/render.js'
import { ROOT } from './helpers/plan.js'
import { ADMIN, LEADER, startWebHarness, type WebHarness } from './helpers/web-door.js'

/** 「看板」 and the dashboard link in 「汇总」: leaders and admins only; Slack shows a button. */

const HALF_YEAR = '2023-07-02T12:00:00+08:00'
let web: WebHarness

beforeAll(async () => {
  web = await startWebHarness(HALF_YEAR)
})
afterAll(() => web.close())

describe('看板', () => {
  it('gives a leader and an admin a signed link that opens the dashboard', async () => {
    for (const user of [LEADER, ADMIN]) {
      const reply = await web.env.say(user, '看板')
      expect(reply.intent).toBe('dashboard')
      expect(reply.link?.url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/\?t=[\w-]+\.[\w-]+$/)
      expect(reply.reply).toContain(reply.link?.url)
      const url = new URL(reply.link?.url ?? '')
      expect((await fetch(`${web.door.origin}/${url.search}`, { redirect: 'manual' })).status).toBe(303)
    }
  })

  it('gives anyone else no link, and audits the refusal', async () => {
    const reply = await web.env.say('cli:clerk', '看板')
    expect(reply.link).toBeUndefined()
    expect(reply.reply).not.toMatch(/http|t=/)
    expect((await web.env.runtime.store.auditTrail(5)).some((a) => a.action === 'dashboard' && !a.allowed && a.user === 'cli:clerk')).toBe(
      true,
    )
  })
})

describe('汇总 with the dashboard', () => {
  it('a leader’s summary carries the link; Slack renders it as a button', async () => {
    const reply = await web.env.say(LEADER, '汇总')
    expect(reply.link?.label).toBe('打开看板')
    expect(reply.sections?.find((s) => s.title === '看板')?.lines[0]).toBe(reply.link?.url)
    const blocks = renderReply(reply).flatMap((m) => m.blocks ?? [])
    const button = blocks.find((b) => b.type === 'section' && b.accessory)
    expect(button).toMatchObject({ accessory: { type: 'button', url: reply.link?.url, text: { text: '打开看板' } } })
    expect(blocks[0]).toMatchObject({ type: 'header' })
  })

  it('a clerk’s summary has no link', async () => {
    const reply = await web.env.say('cli:clerk', '汇总')
    expect(reply.link).toBeUndefined()
    expect(reply.reply).not.toContain('http')
  })
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('one set of summary functions and format helpers below all three views', () => {
  it('core/summary and core/format never import core/answer (no circle)', () => {
    const files = [...sourceFiles(join(ROOT, 'src/core/summary')), ...sourceFiles(join(ROOT, 'src/core/format'))]
    const offenders = files.filter((f) => /from '\.\.\/answer\//.test(readFileSync(f, 'utf8')))
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([])
  })

  it('the web door computes nothing itself: it reads the Overview from core/summary', () => {
    const web = sourceFiles(join(ROOT, 'src/adapters/web'))
    expect(web.some((f) => readFileSync(f, 'utf8').includes('buildOverview('))).toBe(true)
    const offenders = web.filter((f) => /taskStates\(|elapsedPercent\(|unreportedByLead\(/.test(readFileSync(f, 'utf8')))
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([])
  })
})
