import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startNoticeCourier } from '../src/adapters/chat/notice-courier.js'
import { createLogger } from '../src/core/log.js'
import type { NewNotice } from '../src/core/progress/notices.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import type { Binding } from '../src/core/progress/store.js'

/**
 * The courier a door runs for the 督办 cycle's notices, on a real SQLite file, with a door that
 * records what it was asked to send and refuses whom the test says: each notice to the door's
 * platform is sent once; a refused one is recorded with the error and tried once more by the next
 * start; a notice claimed before a crash and never settled is reported, not sent again.
 */

const AT = '2023-06-20T02:00:00.000Z'
let dir: string
let file: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gzyd-courier-'))
  file = join(dir, 'bot.db')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const note = (to: string, text: string): NewNotice => ({ to, toName: null, kind: 'close_request', text })

async function storeWith(notices: NewNotice[], s = new SqliteStore(file)): Promise<SqliteStore> {
  const step = {
    task: 20,
    kind: 'close_request' as const,
    unit: '配合科',
    user: 'wecom:co',
    userName: null,
    note: '完成',
    sourceId: null,
    at: AT,
  }
  await s.cycle.add(step, { at: AT, user: 'wecom:co', action: 'close_task', allowed: true, reason: 'test' }, notices)
  return s
}

function recordingDoor(refuse: Set<string>) {
  const sent: Array<{ to: string; text: string; key: string }> = []
  return {
    sent,
    door: {
      platform: 'wecom',
      async direct(binding: Binding, text: string, key: string) {
        if (refuse.has(binding.user)) throw new Error(`refused ${binding.user}`)
        sent.push({ to: binding.user, text, key })
      },
    },
  }
}

describe('the notice courier', () => {
  it('sends each notice of its platform once, retries a refused one at the next start only', async () => {
    const lines: string[] = []
    const log = createLogger('debug', (line) => lines.push(line))
    const store = await storeWith([note('wecom:a', '甲'), note('wecom:b', '乙'), note('slack:U1', '丙')])
    const refuse = new Set(['wecom:b'])
    const first = recordingDoor(refuse)
    const courier = startNoticeCourier({ store, log }, first.door, { intervalMs: 60_000 })
    const counts = await Promise.all([courier.sweep(), courier.sweep()])
    expect(counts).toEqual([1, 0])
    expect(first.sent).toEqual([{ to: 'wecom:a', text: '甲', key: expect.stringMatching(/^notice:\d+$/) }])
    expect(lines.some((l) => l.includes('send failed') && l.includes('refused wecom:b'))).toBe(true)
    expect(await courier.sweep()).toBe(0) // the refused one waits for the next start
    await courier.stop()

    refuse.clear()
    const second = recordingDoor(refuse)
    const again = startNoticeCourier({ store, log }, second.door, { intervalMs: 60_000 })
    expect(await again.sweep()).toBe(1)
    expect(second.sent.map((s) => s.to)).toEqual(['wecom:b'])
    expect(await again.sweep()).toBe(0)
    await again.stop()
    const all = await store.notices.list()
    expect(all.map((n) => [n.to, n.sentAt !== null, n.error])).toEqual([
      ['wecom:a', true, null],
      ['wecom:b', true, null],
      ['slack:U1', false, null],
    ])
    await store.close()
  })

  it('reports a notice claimed before a crash and does not send it again; the timer sends new ones', async () => {
    const lines: string[] = []
    const log = createLogger('debug', (line) => lines.push(line))
    const store = await storeWith([note('wecom:a', '甲')])
    const [stranded] = await store.notices.pending('wecom')
    expect(await store.notices.claim(stranded?.id ?? 0, AT)).toBe(true) // the process died here
    await storeWith([note('wecom:c', '丁')], store)
    const { sent, door } = recordingDoor(new Set())
    const courier = startNoticeCourier({ store, log }, door, { intervalMs: 20 })
    for (let i = 0; i < 100 && sent.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    await courier.stop()
    expect(sent.map((s) => s.to)).toEqual(['wecom:c'])
    expect(lines.some((l) => l.includes('not sent again') && l.includes(String(stranded?.id)))).toBe(true)
    await store.close()
  })
})
