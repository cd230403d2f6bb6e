import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startNoticeCourier } from '../src/adapters/chat/notice-courier.js'
import { createLogger } from '../src/core/log.js'
import type { NewNotice, StoredNotice } from '../src/core/progress/notices.js'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import type { Binding } from '../src/core/progress/store.js'

/**
 * The courier a door runs for the 督办 cycle's notices, on a real SQLite file, with a door that
 * records what it was asked to send and refuses whom the test says: each notice to the door's
 * platform is sent once; a refused one is recorded with the error and tried once more by the next
 * start. A notice claimed by a process killed before the settle: on a door without an outbox it is
 * reported, not sent again; on a durable door it is sent at the next start when the outbox lacks it,
 * and settled, left to the outbox, when the outbox holds it.
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

  it('on a door without an outbox, reports a notice stranded by a crash and does not send it again; the timer sends new ones', async () => {
    const lines: string[] = []
    const log = createLogger('debug', (line) => lines.push(line))
    const killed = await storeWith([note('wecom:a', '甲')])
    const [stranded] = await killed.notices.pending('wecom')
    expect(await killed.notices.claim(stranded?.id ?? 0, AT)).toBe(true) // the process died here
    await killed.close()
    const store = await storeWith([note('wecom:c', '丁')])
    const { sent, door } = recordingDoor(new Set())
    const courier = startNoticeCourier({ store, log }, door, { intervalMs: 20 })
    for (let i = 0; i < 100 && sent.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    await courier.stop()
    expect(sent.map((s) => s.to)).toEqual(['wecom:c'])
    expect(lines.some((l) => l.includes('not sent again') && l.includes(String(stranded?.id)))).toBe(true)
    expect((await store.notices.list()).find((n) => n.id === stranded?.id)).toMatchObject({ sentAt: null, error: null })
    await store.close()
  })

  it('on a durable door, a notice stranded before the outbox is sent once at the next start; one already queued is left to the outbox', async () => {
    const lines: string[] = []
    const log = createLogger('debug', (line) => lines.push(line))
    const killed = await storeWith([note('slack:U1', '甲'), note('slack:U2', '乙'), note('slack:U3', '丙')])
    const [beforeQueue, afterQueue, sending] = await killed.notices.pending('slack')
    const id = (n: StoredNotice | undefined) => n?.id ?? 0
    // Killed between the claim and the outbox write …
    expect(await killed.notices.claim(id(beforeQueue), AT)).toBe(true)
    // … and, for another notice, between the outbox write and the settle.
    expect(await killed.notices.claim(id(afterQueue), AT)).toBe(true)
    await killed.delivery.queueReplies(`notice:${id(afterQueue)}`, [{ room: 'U2', payload: '乙' }], AT)
    await killed.close()

    const store = new SqliteStore(file)
    // A live instance mid-send: its claim is not the start's to take.
    const other = new SqliteStore(file)
    expect(await other.notices.claim(id(sending), AT)).toBe(true)
    const first = durableDoor(store)
    const courier = startNoticeCourier({ store, log }, first.door, { intervalMs: 60_000 })
    expect(await courier.sweep()).toBe(1)
    expect(await courier.sweep()).toBe(0)
    await courier.stop()
    expect(first.sent).toEqual([{ to: 'slack:U1', text: '甲', key: `notice:${id(beforeQueue)}` }])
    expect(lines.some((l) => l.includes('never queued; sending it now') && l.includes(`"id":${id(beforeQueue)}`))).toBe(true)
    expect(lines.some((l) => l.includes('the outbox sends it, settled') && l.includes(`"id":${id(afterQueue)}`))).toBe(true)
    // The dead instance's row is still unsent, for the outbox's resume (the courier queued nothing more under its key).
    const unsent = await store.delivery.unsentReplies('slack')
    expect(unsent.map((r) => [r.inboxKey, r.payload])).toEqual([[`notice:${id(afterQueue)}`, '乙']])
    const all = await store.notices.list()
    expect(all.map((n) => [n.to, n.sentAt !== null])).toEqual([
      ['slack:U1', true],
      ['slack:U2', true],
      ['slack:U3', false],
    ])

    const second = durableDoor(store)
    const again = startNoticeCourier({ store, log }, second.door, { intervalMs: 60_000 })
    expect(await again.sweep()).toBe(0)
    await again.stop()
    expect(second.sent).toEqual([])
    await other.close()
    await store.close()
  })
})

/** A door whose direct path writes to the outbox first, as Slack's does (keys without a door prefix). */
function durableDoor(store: SqliteStore) {
  const sent: Array<{ to: string; text: string; key: string }> = []
  return {
    sent,
    door: {
      platform: 'slack',
      async direct(binding: Binding, text: string, key: string) {
        await store.delivery.queueReplies(key, [{ room: binding.user.slice('slack:'.length), payload: text }], AT)
        sent.push({ to: binding.user, text, key })
      },
      queued: (key: string) => store.delivery.queued(key),
    },
  }
}
