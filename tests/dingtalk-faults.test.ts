import { afterEach, describe, expect, it } from 'vitest'
import { dingtalkParts } from '../src/adapters/dingtalk/render.js'
import { ConfigError } from '../src/config.js'
import { deliveryRows } from './helpers/delivery-rows.js'
import type { DingtalkRun } from './helpers/dingtalk-door.js'
import { ask, dingtalkHarness } from './helpers/dingtalk-door.js'
import type { FakeDingtalk } from './helpers/dingtalk-fake.js'
import type { DoorHarness } from './helpers/door-harness.js'
import { eventually } from './helpers/eventually.js'
import { freePort } from './helpers/free-port.js'
import { seedProgress } from './helpers/seed-progress.js'

/**
 * The DingTalk door under faults, driving dingtalk-stream against the local fake: refused
 * credentials, a dropped connection, the gateway asking for a reconnect, a message that could not
 * be stored (not acknowledged, so DingTalk sends it again), kills between accept and reply and
 * between the parts of a reply, expired webhooks, rate limits and slow sends.
 */

let fake: FakeDingtalk
let h: DoorHarness<DingtalkRun>
afterEach(async () => {
  await h?.close()
  await fake?.close()
})

describe('the DingTalk connection', () => {
  it('stops start-up with a Chinese message naming the settings when the gateway refuses the credentials', async () => {
    const attempt = dingtalkHarness({ DINGTALK_CLIENT_SECRET: 'wrong' })
    await expect(attempt).rejects.toBeInstanceOf(ConfigError)
    await expect(attempt).rejects.toThrow(/钉钉拒绝了应用凭证.*DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET/)
  })

  it('starts when the gateway cannot be reached, says so, and keeps trying', async () => {
    const port = await freePort()
    ;({ fake, h } = await dingtalkHarness({ DINGTALK_ENDPOINT_URL: `http://127.0.0.1:${port}/v1.0/gateway/connections/open` }))
    expect(h.lines('dingtalk: not connected yet; the door starts and keeps trying')).toHaveLength(1)
    await eventually(() => h.lines('reconnect failed (network:').length >= 1)
    expect(h.lines('dingtalk: connection failed (network:')[0]).toMatch(/ECONNREFUSED.*reconnecting in 0\.05 s \(attempt 1\)/)
  })

  it('reconnects after a drop with backoff, naming the cause, and answers again', async () => {
    ;({ fake, h } = await dingtalkHarness())
    fake.drop()
    await eventually(() => h.lines('dingtalk: reconnected').length === 1)
    expect(
      h.lines('dingtalk: connection lost (network: the connection closed (code 1006)); reconnecting in 0.05 s (attempt 1)'),
    ).toHaveLength(1)
    expect((await ask(fake, h, { staffId: 'li01', text: '帮助' })).outcome).toMatchObject({ action: 'replied', delivered: true })
  })

  it('says when the gateway asked for the reconnect', async () => {
    ;({ fake, h } = await dingtalkHarness())
    fake.askToReconnect()
    await eventually(() => h.lines('dingtalk: reconnected').length === 1)
    expect(h.lines('the platform asked to reconnect: SYSTEM disconnect')).toHaveLength(1)
  })

  it('keeps trying while the secret is refused, naming the credentials, and recovers once it is right', async () => {
    ;({ fake, h } = await dingtalkHarness())
    fake.setSecret('rotated')
    fake.drop()
    await eventually(() => h.lines('reconnect failed (bad credentials').length >= 2)
    expect(h.lines('bad credentials')[0]).toContain(
      'the gateway refused DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET (the gateway answered HTTP 401',
    )
    fake.setSecret('dingtalk-secret-1')
    await eventually(() => h.lines('dingtalk: reconnected').length === 1)
  })
})

describe('the DingTalk door across a kill', () => {
  it('does not acknowledge a message it could not store; DingTalk sends it again and it is answered once', async () => {
    ;({ fake, h } = await dingtalkHarness())
    await h.runtime.store.close() // the database is gone: the inbox write fails
    const sent = fake.deliver({ staffId: 'li01', text: '第20条是什么' })
    expect(await h.outcome(sent.msgId, 'not stored')).toMatchObject({ reason: 'inbox write failed' })
    expect(fake.deliveries.get(sent.messageId)?.acks).toBe(0)
    await h.crash()
    expect(await h.outcome(sent.msgId, 'replied')).toMatchObject({ delivered: true })
    expect(fake.deliveries.get(sent.messageId)).toMatchObject({ acks: 1, pushes: 2 })
    expect(fake.visible(sent.conversationId)).toHaveLength(1)
  })

  it('answers after a restart a message acknowledged before the kill, once', async () => {
    ;({ fake, h } = await dingtalkHarness())
    await seedProgress(h.runtime, 'dingtalk:zhang01', 'dingtalk', 0)
    const gate = h.gate('进度 20')
    const sent = fake.deliver({ staffId: 'zhang01', conversationId: 'cidGroup1', text: '进度 20 发明专利申请量1200件' })
    await gate.reached
    await fake.until(() => fake.deliveries.get(sent.messageId)?.acks === 1)
    await h.crash()
    await fake.until(() => fake.visible('cidGroup1').length === 1)
    // The bundled plan is 2023's: on today's clock a report on it is a 补报.
    expect(fake.visible('cidGroup1')[0]?.content).toMatch(/已记录(?:（补报）)?：第20条/)
    expect(fake.deliveries.get(sent.messageId)?.pushes).toBe(1)
    expect((await h.runtime.store.liveUpdates()).map((u) => u.task)).toEqual([20])
    gate.release()
  })

  it('sends after a restart the parts of a reply a kill left unsent, each once', async () => {
    ;({ fake, h } = await dingtalkHarness({ BOT_SEND_INTERVAL_MS: '1000' }))
    await seedProgress(h.runtime, 'dingtalk:zhang01', 'dingtalk', 70)
    const sent = fake.deliver({ staffId: 'zhang01', conversationId: 'cidGroup1', text: '第20条全部进展' })
    await fake.until(() => fake.visible('cidGroup1').length === 1)
    const parts = dingtalkParts(h.answered.at(-1)?.reply.reply ?? '').length
    expect(parts).toBeGreaterThan(2)
    await h.crash()
    await fake.until(() => fake.visible('cidGroup1').length === parts, 15_000)
    await eventually(() => deliveryRows(h.env.BOT_DB as string).unsent.length === 0, 15_000)
    const texts = fake.visible('cidGroup1').map((s) => s.content)
    expect(new Set(texts).size).toBe(parts)
    expect(fake.deliveries.get(sent.messageId)?.pushes).toBe(1)
  })
})

describe('the DingTalk door: slow, limited and refused sends', () => {
  it('a slow conversation does not hold up another', async () => {
    ;({ fake, h } = await dingtalkHarness())
    fake.sendDelayMs = 600
    const a = fake.deliver({ staffId: 'a1', conversationId: 'cidSlowA', text: '第20条是什么' })
    const b = fake.deliver({ staffId: 'b1', conversationId: 'cidSlowB', text: '第21条是什么' })
    await h.outcome(a.msgId, 'replied')
    await h.outcome(b.msgId, 'replied')
    const [first, second] = fake.requests.filter((r) => r.path === '/robot/sendBySession')
    expect(Math.abs((first?.at ?? 0) - (second?.at ?? 0))).toBeLessThan(500)
  })

  it('waits out a 429 and sends the reply once', async () => {
    ;({ fake, h } = await dingtalkHarness())
    fake.refuseNext('/robot/sendBySession', 429, { errcode: 130101, errmsg: 'send too fast' }, { 'retry-after': '1' })
    const { conversationId, outcome } = await ask(fake, h, { staffId: 'li01', text: '帮助' })
    expect(outcome).toMatchObject({ delivered: true })
    expect(fake.requests.filter((r) => r.path === '/robot/sendBySession').map((r) => r.status)).toEqual([429, 200])
    expect(fake.visible(conversationId)).toHaveLength(1)
  })

  it('answers through the OpenAPI once the session webhook has expired, naming the asker', async () => {
    ;({ fake, h } = await dingtalkHarness())
    await ask(fake, h, { staffId: 'li01', nick: '李四', conversationId: 'cidGroup2', text: '第20条是什么', webhookTtlMs: 30_000 })
    const [shown] = fake.visible('cidGroup2')
    expect(shown).toEqual({ via: 'api', chat: 'cidGroup2', content: `@李四 ${h.answered.at(-1)?.reply.reply}`, atUserIds: [] })
    const dm = await ask(fake, h, { staffId: 'li01', text: '帮助', webhookTtlMs: 30_000 })
    expect(fake.visible('user:li01')).toHaveLength(1)
    expect(fake.visible(dm.conversationId)).toEqual([])
  })

  it('falls back to the OpenAPI when the webhook refuses, and logs a refused send without sending it again', async () => {
    ;({ fake, h } = await dingtalkHarness())
    fake.refuseNext('/robot/sendBySession', 200, { errcode: 300001, errmsg: 'session expired' })
    await ask(fake, h, { staffId: 'li01', nick: '李四', conversationId: 'cidGroup3', text: '第20条是什么' })
    expect(fake.visible('cidGroup3').map((s) => s.via)).toEqual(['api'])
    fake.refuseNext('/robot/sendBySession', 200, { errcode: 300001, errmsg: 'session expired' })
    fake.refuseNext('/v1.0/robot/groupMessages/send', 403, { code: 'Forbidden.AccessDenied', message: 'robot not in group' })
    const refused = await ask(fake, h, { staffId: 'li01', conversationId: 'cidGroup3', text: '第21条是什么' })
    expect(refused.outcome).toMatchObject({ action: 'replied', delivered: false })
    expect(h.lines('dingtalk: send failed; the rest of this reply is skipped')).toHaveLength(1)
    await h.restart()
    expect(deliveryRows(h.env.BOT_DB as string).unsent).toEqual([])
    expect(fake.visible('cidGroup3')).toHaveLength(1)
  })
})
