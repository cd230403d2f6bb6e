import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { log, ScanStatus } from 'wechaty'
import type { PuppetMock } from 'wechaty-puppet-mock'
import { createWechatBot } from '../src/adapters/wechat/index.js'
import { type RecordingRuntime, removeRuntimeDirs, startRuntime } from './helpers/wechat-runtime.js'

let runtime: RecordingRuntime
beforeAll(async () => {
  runtime = await startRuntime()
})
afterAll(async () => {
  await runtime?.close()
  removeRuntimeDirs()
})

describe('WeChat start-up', () => {
  it('loads the puppet named by WECHATY_PUPPET and prints the login QR code on scan', async () => {
    const configured = await startRuntime({ WECHATY_PUPPET: 'wechaty-puppet-mock' }, runtime)
    const printed: { qrcode: string; imageUrl: string }[] = []
    const bot = createWechatBot(configured, {
      session: false,
      printQr: (qrcode, imageUrl) => printed.push({ qrcode, imageUrl }),
    })
    await bot.start()
    try {
      const puppet = bot.wechaty.puppet as PuppetMock
      expect(puppet.constructor.name).toBe('PuppetMock')
      const scanned = new Promise((resolve) => bot.wechaty.once('scan', resolve))
      puppet.mocker.scan('https://login.weixin.qq.com/l/test', ScanStatus.Waiting)
      await scanned
      expect(printed).toEqual([
        {
          qrcode: 'https://login.weixin.qq.com/l/test',
          imageUrl: expect.stringContaining(encodeURIComponent('https://login.weixin.qq.com/l/test')),
        },
      ])
    } finally {
      await bot.stop()
    }
  })

  it('refuses a token puppet without WECHATY_PUPPET_SERVICE_TOKEN, naming the variable', async () => {
    const configured = await startRuntime({ WECHATY_PUPPET: 'wechaty-puppet-service' }, runtime)
    expect(() => createWechatBot(configured, { session: false })).toThrow(
      'WECHATY_PUPPET_SERVICE_TOKEN: required for WECHATY_PUPPET=wechaty-puppet-service',
    )
  })

  it('names WECHATY_PUPPET when the puppet package cannot be loaded', async () => {
    const level = log.level()
    log.level('silent') // Wechaty's own resolver error would clutter the test output
    onTestFinished(() => {
      log.level(level)
    })
    const configured = await startRuntime({ WECHATY_PUPPET: 'wechaty-puppet-xp' }, runtime)
    const bot = createWechatBot(configured, { session: false })
    await expect(bot.start()).rejects.toThrow(/WECHATY_PUPPET.*wechaty-puppet-xp|wechaty-puppet-xp.*WECHATY_PUPPET/)
    await bot.stop()
  })
})
