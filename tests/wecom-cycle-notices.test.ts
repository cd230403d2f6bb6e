import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderWecomNotice } from '../src/adapters/wecom/render.js'
import { noticeKey } from '../src/core/progress/door-keys.js'
import type { DoorHarness } from './helpers/door-harness.js'
import { binding, writeWaterSeeds } from './helpers/water-plan.js'
import type { WecomRun } from './helpers/wecom-door.js'
import { ask, wecomHarness } from './helpers/wecom-door.js'
import type { FakeWecom } from './helpers/wecom-fake.js'

/**
 * The 督办 cycle's notices through the real WeCom door on its fake: a co-unit's 办结 request is
 * pushed to the lead unit's clerk, a 延期 request to the admin, and each decision back to whoever
 * asked; every notice goes out once, and a restart sends none of them again — nor a kill between
 * the claim and the outbox write, or between that write and the settle. 第1条: 供水科 leads (王芳),
 * 工程科 co-operates (陈工); the admin is wecom:boss.
 */

let fake: FakeWecom
let h: DoorHarness<WecomRun>
const clock = new Date('2025-07-25T09:00:00+08:00')
const dir = mkdtempSync(join(tmpdir(), 'gzyd-wecom-notices-'))

beforeAll(async () => {
  ;({ fake, h } = await wecomHarness(
    { BOT_SEEDS: writeWaterSeeds(join(dir, 'seeds')), BOT_INDEX_DIR: join(dir, 'index'), BOT_ADMINS: 'wecom:boss' },
    { now: () => clock },
  ))
  for (const b of [binding('wecom:wangfang', '供水科', '王芳'), binding('wecom:chengong', '工程科', '陈工')])
    await h.runtime.store.putBinding(b)
})
afterAll(async () => {
  await h?.close()
  await fake?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** What the bot pushed to a user on its own (notices), not its replies to their messages. */
const pushed = (user: string) => fake.visible(user).filter((v) => v.via === 'push')
const replyTo = async (userid: string, text: string) => {
  await ask(fake, h, { userid, text })
  return h.answered.findLast((a) => a.message.text.includes(text))?.reply.reply ?? ''
}

describe('notices of the 督办 cycle on WeCom', () => {
  it('tells the admin of a 延期 request and the lead clerk of the approval', async () => {
    const asked = await replyTo('wangfang', '延期 1 到9月底 老旧管网改造受汛期影响')
    expect(asked).toContain('已提交第1条的延期申请')
    expect(asked).toContain('已私信通知管理员：boss（企业微信）。')
    await h.door.started.notices.sweep() // the timer may have sent it already; either way once
    expect(pushed('boss')).toHaveLength(1)
    const [toBoss] = pushed('boss')
    expect(toBoss?.content).toContain('【待审批延期】供水科 王芳 申请将第1条')
    expect(toBoss?.content).toContain('原因：老旧管网改造受汛期影响')
    expect(toBoss?.content).toContain('请回复「批准延期 1」，或「驳回延期 1 原因」。')

    const approved = await replyTo('boss', '批准延期 1')
    expect(approved).toContain('已批准第1条延期')
    expect(approved).toContain('已私信通知申请人：王芳（企业微信）。')
    await h.door.started.notices.sweep() // the timer may have sent it already; either way once
    expect(pushed('wangfang').map((v) => v.content)).toEqual([
      expect.stringMatching(/^【延期已批准】你（供水科）对第1条.*已由 管理员 处理：完成时限由/),
    ])
  })

  it('pushes a co-unit’s 办结 request to the lead unit’s clerk, and the confirmation back to the requester', async () => {
    const asked = await replyTo('chengong', '办结 1 老旧管网改造32公里已全部完成')
    expect(asked).toContain('已提交第1条的办结申请（工程科）')
    expect(asked).toContain('已私信通知牵头单位供水科：王芳（企业微信）。')
    await h.door.started.notices.sweep() // the timer may have sent it already; either way once
    expect(pushed('wangfang')).toHaveLength(2)
    const toLead = pushed('wangfang')[1]?.content ?? ''
    expect(toLead).toContain('【待确认办结】工程科 陈工 申请办结第1条')
    expect(toLead).toContain('办结说明：老旧管网改造32公里已全部完成')
    expect(toLead).toContain('核实后请回复「确认办结 1」；如需退回，回复「退回办结 1 原因」。')

    const confirmed = await replyTo('wangfang', '确认办结 1 已现场核实')
    expect(confirmed).toContain('已确认：第1条已办结（销号）')
    expect(confirmed).toContain('已私信通知申请人：陈工（企业微信）。')
    await h.door.started.notices.sweep() // the timer may have sent it already; either way once
    expect(pushed('chengong')).toHaveLength(1)
    const [toRequester] = pushed('chengong')
    expect(toRequester?.content).toMatch(
      /^【办结已确认】你（工程科）对第1条.*已由 供水科 王芳 处理：第1条已办结（销号）。确认意见：已现场核实$/s,
    )
  })

  it('stores each notice with its step and marks it sent; a restart sends none again', async () => {
    const notices = await h.runtime.store.notices.list()
    expect(notices.map((n) => [n.kind, n.to])).toEqual([
      ['extension_request', 'wecom:boss'],
      ['extension_approved', 'wecom:wangfang'],
      ['close_request', 'wecom:wangfang'],
      ['close_confirmed', 'wecom:chengong'],
    ])
    expect(notices.every((n) => n.sentAt !== null && n.error === null && n.event !== null)).toBe(true)
    const before = fake.visible().filter((v) => v.via === 'push').length
    await h.restart()
    expect(await h.door.started.notices.sweep()).toBe(0)
    expect(fake.visible().filter((v) => v.via === 'push')).toHaveLength(before)
    expect(await h.runtime.store.notices.pending('wecom', { retryFailed: true })).toEqual([])
  })

  it('a notice stored while no courier runs goes out at the next start, once', async () => {
    await h.runtime.store.putBinding(binding('wecom:zhaomin', '排水科', '赵敏'))
    await h.door.started.notices.stop()
    const asked = await replyTo('chengong', '办结 4 雨污分流改造已完成15公里')
    expect(asked).toContain('已私信通知牵头单位排水科：赵敏（企业微信）。')
    expect(pushed('zhaomin')).toEqual([])
    await h.restart()
    await h.door.started.notices.sweep() // after the start's own sweep, which sent it
    expect(pushed('zhaomin').map((v) => v.content)).toEqual([expect.stringContaining('【待确认办结】工程科 陈工 申请办结第4条')])
    await h.restart()
    expect(await h.door.started.notices.sweep()).toBe(0)
    expect(pushed('zhaomin')).toHaveLength(1)
  })

  it('a notice claimed by a process killed before its outbox write goes out once at the next start', async () => {
    await h.runtime.store.putBinding(binding('wecom:liuying', '应急办', '刘莹'))
    await h.door.started.notices.stop() // the courier is where the kill catches it, not sending
    const asked = await replyTo('wangfang', '办结 3 应急演练已组织2次')
    expect(asked).toContain('已私信通知牵头单位应急办：刘莹（企业微信）。')
    const [n] = await h.runtime.store.notices.pending('wecom')
    expect(n?.to).toBe('wecom:liuying')
    const id = n?.id ?? 0
    expect(await h.runtime.store.notices.claim(id, clock.toISOString())).toBe(true)
    await h.crash() // killed between the claim and the outbox write
    await h.door.started.notices.sweep() // after the start's own sweep, which sent it
    expect(pushed('liuying').map((v) => v.content)).toEqual([expect.stringContaining('【待确认办结】供水科 王芳 申请办结第3条')])
    expect(h.lines('never queued; sending it now').filter((l) => l.includes(`"id":${id}`))).toHaveLength(1)
    expect((await h.runtime.store.notices.list()).find((x) => x.id === id)).toMatchObject({ error: null, sentAt: expect.any(String) })
    await h.crash()
    expect(await h.door.started.notices.sweep()).toBe(0)
    expect(pushed('liuying')).toHaveLength(1)
  })

  it('a notice the outbox held when the process was killed is sent once by the outbox, not queued again, and settled', async () => {
    await h.door.started.notices.stop()
    const asked = await replyTo('zhaomin', '延期 5 到9月底 汛期排查需延后')
    expect(asked).toContain('已私信通知管理员：boss（企业微信）。')
    const [n] = await h.runtime.store.notices.pending('wecom')
    const id = n?.id ?? 0
    const { store } = h.runtime // the killed run's
    expect(await store.notices.claim(id, clock.toISOString())).toBe(true)
    // What WeCom's direct path writes first (door.notify): the parts under the notice's outbox key.
    const key = noticeKey('wecom', `notice:${id}`)
    await store.delivery.queueReplies(key, renderWecomNotice('boss', n?.text ?? ''), clock.toISOString())
    const before = pushed('boss').length
    await h.crash() // killed between the outbox write and the settle
    await fake.until(() => pushed('boss').length > before)
    await h.door.started.notices.sweep()
    await h.door.started.door.notify('boss', '此后的一条', 'later') // the outbox is drained past it
    expect(
      pushed('boss')
        .slice(before)
        .map((v) => v.content),
    ).toEqual([expect.stringContaining('【待审批延期】排水科 赵敏 申请将第5条'), '此后的一条'])
    expect(h.lines('the outbox sends it, settled').filter((l) => l.includes(`"id":${id}`))).toHaveLength(1)
    expect((await h.runtime.store.notices.list()).find((x) => x.id === id)).toMatchObject({ error: null, sentAt: expect.any(String) })
    await h.crash()
    expect(await h.door.started.notices.sweep()).toBe(0)
    expect(pushed('boss')).toHaveLength(before + 2)
  })
})
