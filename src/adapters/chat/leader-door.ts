import type { Runtime } from '../../boot.js'
import { type HeldConnection, holdWhileLeader } from '../../core/progress/leadership.js'

const DOOR_NAMES: Record<string, string> = { wechat: 'WeChat', wecom: 'WeCom', dingtalk: 'DingTalk' }

/**
 * Runs a door whose connection the platform allows once per bot (a WeChat login, a WeCom or
 * DingTalk long connection) only on the instance that holds the lock `name`; another instance
 * takes over, every BOT_TAKEOVER_SECONDS, when the holder stops. A door that cannot start at all
 * on its first try (a bad token, no puppet) fails start-up, as it does with one instance.
 */
export async function startAsLeader(runtime: Runtime, name: string, connect: () => Promise<HeldConnection>): Promise<HeldConnection> {
  const { config, log } = runtime
  let firstFailure: unknown
  let attempts = 0
  const tryConnect = async () => {
    try {
      return await connect()
    } catch (error) {
      if (attempts++ === 0) firstFailure = error
      throw error
    }
  }
  const leader = holdWhileLeader(runtime.store.leadership, name, tryConnect, { retryMs: config.BOT_TAKEOVER_SECONDS * 1000, log })
  const leads = await leader.tried
  if (firstFailure !== undefined) {
    await leader.stop()
    throw firstFailure
  }
  if (!leads)
    log.info(`${name}: another instance runs the ${DOOR_NAMES[name] ?? name} door; this one takes over if it stops`, {
      everySeconds: config.BOT_TAKEOVER_SECONDS,
    })
  return { stop: () => leader.stop() }
}
