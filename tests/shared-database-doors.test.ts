import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SqliteStore } from '../src/core/progress/sqlite-store.js'
import type { DoorHarness } from './helpers/door-harness.js'
import { SlackHarness } from './helpers/slack-harness.js'
import { type WecomRun, wecomHarness } from './helpers/wecom-door.js'
import type { FakeWecom } from './helpers/wecom-fake.js'

/**
 * Doors in separate processes may share one database. Each replays and resends only its own rows
 * of the inbox and outbox (core/progress/door-keys.ts): a door that picked up another's would
 * send a payload it cannot read, and the owner would never send it.
 */

let slack: SlackHarness | undefined
let fake: FakeWecom | undefined
let wecom: DoorHarness<WecomRun> | undefined
afterEach(async () => {
  await slack?.close()
  await wecom?.close()
  await fake?.close()
  slack = wecom = fake = undefined
})

describe('doors on one database', () => {
  it("leaves WeCom's open messages and unsent replies to WeCom, and WeCom leaves Slack's to Slack", async () => {
    ;({ fake, h: wecom } = await wecomHarness())
    const db = wecom.env.BOT_DB as string
    const at = new Date().toISOString()
    // What a killed process left on the shared database: a WeCom message accepted, a WeCom reply
    // queued and never sent, and a Slack event accepted and never answered.
    const killed = new SqliteStore(db)
    const frame = { cmd: 'aibot_msg_callback', headers: { req_id: 'r-open' }, body: {} }
    await killed.delivery.accept('wecom-inbox:m-open', frame, at)
    await killed.delivery.accept('wecom-inbox:m-sent', frame, at)
    await killed.delivery.queueReplies(
      'wecom-inbox:m-sent',
      [{ room: 'wrGroup9', payload: { kind: 'push', chat: 'wrGroup9', content: '早先的回复' } }],
      at,
    )
    const event = { type: 'message', channel: 'D0SHARED', channel_type: 'im', user: 'U0SHARED', text: '帮助', ts: '1700000000.000100' }
    await killed.delivery.accept('slack-inbox:Ev0SHARED', { type: 'event_callback', event_id: 'Ev0SHARED', event }, at)
    await killed.close()

    // The Slack door answers its own event and takes nothing of WeCom's.
    slack = await SlackHarness.start({ env: { BOT_DB: db, BOT_EXPORT_DIR: join(wecom.dir, 'slack-exports') } })
    await slack.adapter.stop()
    expect(slack.api.posts.map((p) => p.params.channel)).toEqual(['D0SHARED'])
    await slack.close()
    slack = undefined

    // The WeCom door, restarted, sends its reply and answers its message; Slack's rows stay Slack's.
    const again = new SqliteStore(db)
    await again.delivery.accept(
      'slack-inbox:Ev1SHARED',
      { type: 'event_callback', event_id: 'Ev1SHARED', event: { ...event, ts: '1700000001.0' } },
      at,
    )
    await again.close()
    await wecom.restart()
    await fake.until(() => fake?.visible('wrGroup9').length === 1)
    expect(fake.visible('wrGroup9')[0]?.content).toBe('早先的回复')
    expect(await wecom.runtime.store.delivery.openMessages('wecom')).toEqual([])
    const left = new SqliteStore(db)
    expect((await left.delivery.openMessages('slack')).map((e) => e.key)).toEqual(['slack-inbox:Ev1SHARED'])
    await left.close()
  })
})
