import { describe, expect, it } from 'vitest'
import { WechatyBuilder } from 'wechaty'
import { mock, PuppetMock } from 'wechaty-puppet-mock'
import { startWechatLeader } from '../src/adapters/wechat/start.js'
import { boot, type Runtime } from '../src/boot.js'
import { loadConfig } from '../src/config.js'
import { createLogger } from '../src/core/log.js'
import { eachStore } from './helpers/store-kinds.js'

/**
 * A door a platform allows once per bot (here the WeChat door, on wechaty-puppet-mock) runs on one
 * instance of several sharing a database; when that instance stops, another takes the door over.
 */

async function instance(db: string, lines: string[], name: string): Promise<Runtime> {
  const log = createLogger('info', (line) => void lines.push(`${name} ${line}`))
  return boot(loadConfig({ BOT_DB: db, LOG_LEVEL: 'info', BOT_TAKEOVER_SECONDS: '1', BOT_REMIND_CRON: '' }, 'wechat'), { log })
}

function mockWechaty() {
  const mocker = new mock.Mocker()
  mocker.createContact({ name: '工作要点助手' })
  return WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) })
}

eachStore((kind) => {
  describe('the WeChat door on several instances', () => {
    it('runs on the instance holding the lock; another takes it over when that one stops', async () => {
      const lines: string[] = []
      const a = await instance(kind.target, lines, 'A')
      const b = await instance(kind.target, lines, 'B')
      const options = { session: false as const, printQr: () => {} }
      const doorA = await startWechatLeader(a, { ...options, wechaty: mockWechaty() })
      const doorB = await startWechatLeader(b, { ...options, wechaty: mockWechaty() })
      try {
        expect(lines.filter((l) => l.includes('leader: this instance holds wechat')).map((l) => l.slice(0, 1))).toEqual(['A'])
        expect(lines.some((l) => l.startsWith('B') && l.includes('another instance runs the WeChat door'))).toBe(true)
        await doorA.stop()
        await a.close()
        const deadline = Date.now() + 10_000
        while (!lines.some((l) => l.startsWith('B') && l.includes('leader: this instance holds wechat')) && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 100))
        expect(lines.filter((l) => l.includes('leader: this instance holds wechat')).map((l) => l.slice(0, 1))).toEqual(['A', 'B'])
      } finally {
        await doorB.stop()
        await b.close()
        await a.close()
      }
    })
  })
})
