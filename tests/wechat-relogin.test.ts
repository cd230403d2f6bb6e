import { afterEach, describe, expect, it } from 'vitest'
import { startWechatHarness, type WechatHarness } from './helpers/wechat-harness.js'
import { type RecordingRuntime, removeRuntimeDirs, startRuntime } from './helpers/wechat-runtime.js'

/**
 * WeChat identities across a re-login, as with the web puppet: the same people come back under new
 * contact ids (a new mock world, same names). A bound person's binding is not lost silently: a
 * pending request for the same unit is filed under the new id, labelled with the old one, nothing
 * is granted until an admin approves, and an admin id that changed is named in the log.
 */

const open: Array<{ h?: WechatHarness; r?: RecordingRuntime }> = []
afterEach(async () => {
  for (const { h, r } of open.splice(0).reverse()) {
    await h?.stop()
    await r?.close()
  }
  removeRuntimeDirs()
})

describe('WeChat re-login with ids that change', () => {
  it('files the old binding for re-approval under the new id and shows the admin exactly that', async () => {
    const runtime = await startRuntime({ BOT_ADMINS: 'cli:admin' })
    open.push({ r: runtime })
    const first = await startWechatHarness(runtime, { idsChangeAtLogin: true })
    const oldId = first.alice.id
    const bind = first.say(first.alice, '我是知识产权促进科的', first.botUser)
    expect(await first.outcomeOf(bind)).toMatchObject({ action: 'replied', intent: 'bind' })
    await first.stop()

    // A new scan: same people, new ids; the adapter now runs with the old id in BOT_ADMINS too.
    const again = await startRuntime({ BOT_ADMINS: `cli:admin,wechat:${oldId}` }, runtime)
    const second = await startWechatHarness(again, { idsChangeAtLogin: true })
    open.push({ h: second })
    const newId = second.alice.id
    expect(newId).not.toBe(oldId)

    const report = second.say(second.alice, '进度 20 截至6月底发明专利申请量1200件', second.botUser)
    expect(await second.outcomeOf(report)).toMatchObject({ action: 'replied', intent: 'log_progress' })
    const answer = second.sentByBot().at(-1)?.text ?? ''
    expect(answer).toContain('等待管理员批准')
    expect(answer).not.toContain('已记录')
    expect(again.logged.join('\n')).toMatch(/an admin seems back under a new id/)

    const admin = { user: 'cli:admin', platform: 'cli' as const }
    const pending = await runtime.inner.bot.handle({ ...admin, text: '待审批' })
    expect(pending.reply).toContain(`张科长（重新登录，原 wechat:${oldId}）（wechat:${newId}）→ 知识产权促进科`)
    await runtime.inner.bot.handle({ ...admin, text: `批准 wechat:${newId}` })

    const retry = second.say(second.alice, '进度 20 截至6月底发明专利申请量1200件', second.botUser)
    expect(await second.outcomeOf(retry)).toMatchObject({ action: 'replied', intent: 'log_progress' })
    expect(second.sentByBot().at(-1)?.text).toContain('已记录')
  })

  it('proposes nothing for a newcomer whose name matches nobody bound', async () => {
    const runtime = await startRuntime()
    const h = await startWechatHarness(runtime, { idsChangeAtLogin: true })
    open.push({ h, r: runtime })
    const id = h.say(h.bob, '进度 20 已完成', h.botUser)
    expect(await h.outcomeOf(id)).toMatchObject({ action: 'replied' })
    expect(await runtime.inner.store.pendingBindings()).toEqual([])
  })
})
