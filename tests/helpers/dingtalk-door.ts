import { type StartedDingtalk, startDingtalkAdapter } from '../../src/adapters/dingtalk/start.js'
import { FakeDingtalk } from './dingtalk-fake.js'
import { DoorHarness, type StartedDoor } from './door-harness.js'

/** The DingTalk door on a fake DingTalk: app `dingAPP`, fast reconnects and retries, every log line kept. */
export const CLIENT_ID = 'dingAPP'
export const CLIENT_SECRET = 'dingtalk-secret-1'

export type DingtalkRun = StartedDoor & { started: StartedDingtalk }

export async function dingtalkHarness(
  env: Record<string, string> = {},
  options: { now?: () => Date } = {},
): Promise<{ fake: FakeDingtalk; h: DoorHarness<DingtalkRun> }> {
  const fake = await new FakeDingtalk({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start()
  const base = {
    DINGTALK_CLIENT_ID: CLIENT_ID,
    DINGTALK_CLIENT_SECRET: CLIENT_SECRET,
    DINGTALK_ENDPOINT_URL: `${fake.base}/v1.0/gateway/connections/open`,
    DINGTALK_API_URL: fake.base,
    DINGTALK_OAPI_URL: fake.base,
  }
  try {
    const h = await DoorHarness.start(
      'dingtalk',
      { ...base, ...env },
      async (runtime, onOutcome) => {
        const started = await startDingtalkAdapter(runtime, {
          reconnect: { baseMs: 50, maxMs: 400 },
          retryPausesMs: [50, 100],
          rateLimitWaitMs: 100,
          onOutcome,
          ...(options.now ? { now: options.now } : {}),
        })
        // A kill: the socket is cut and nothing more is acknowledged or sent.
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

/** Delivers a robot message and waits until the door has answered it (or dropped it). */
export async function ask(fake: FakeDingtalk, h: DoorHarness<DingtalkRun>, m: Parameters<FakeDingtalk['deliver']>[0]) {
  const sent = fake.deliver(m)
  const outcome = await h.outcome(sent.msgId)
  return { ...sent, outcome }
}
