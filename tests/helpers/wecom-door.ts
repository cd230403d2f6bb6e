import { type StartedWecom, startWecomAdapter } from '../../src/adapters/wecom/start.js'
import { DoorHarness, type StartedDoor } from './door-harness.js'
import { FakeWecom } from './wecom-fake.js'

/** The WeCom door on a fake WeCom: bot `gzyd-bot`, fast reconnects, every log line kept. */
export const BOT_ID = 'gzyd-bot'
export const BOT_SECRET = 'wecom-secret-1'

export type WecomRun = StartedDoor & { started: StartedWecom }

export async function wecomHarness(
  env: Record<string, string> = {},
  options: { now?: () => Date } = {},
): Promise<{ fake: FakeWecom; h: DoorHarness<WecomRun> }> {
  const fake = await new FakeWecom({ [BOT_ID]: BOT_SECRET }).start()
  const base = { WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: BOT_SECRET, WECOM_WS_URL: fake.url }
  try {
    const h = await DoorHarness.start(
      'wecom',
      { ...base, ...env },
      async (runtime, onOutcome) => {
        const started = await startWecomAdapter(runtime, {
          reconnectBaseMs: 50,
          afterKick: { baseMs: 100, maxMs: 400 },
          onOutcome,
          ...(options.now ? { now: options.now } : {}),
        })
        return {
          started,
          stop: () => started.stop(),
          kill: () => {
            // A killed process runs no timers: its notice courier stops with it.
            void started.notices.stop()
            started.door.client.disconnect()
          },
        }
      },
      options,
    )
    return { fake, h }
  } catch (error) {
    await fake.close()
    throw error
  }
}

/** Delivers a message and waits until the door has answered it (reply sent or refused). */
export async function ask(fake: FakeWecom, h: DoorHarness<WecomRun>, m: { userid: string; text: string; chatid?: string; msgid?: string }) {
  const sent = fake.deliver(BOT_ID, m)
  const outcome = await h.outcome(sent.msgid)
  return { ...sent, outcome }
}
