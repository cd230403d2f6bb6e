import { describe, expect, it } from 'vitest'
import { bindingPolicy, ConfigError, loadConfig } from '../src/config.js'

describe('loadConfig', () => {
  it('needs nothing for the terminal and picks open binding there, approval in chats', () => {
    const cli = loadConfig({}, 'cli')
    expect(bindingPolicy(cli)).toBe('open')
    expect(cli.BOT_REPORT_PERIOD).toBe('month')
    expect(bindingPolicy(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, 'slack'))).toBe('approval')
  })

  it('splits list variables on commas and spaces', () => {
    expect(loadConfig({ BOT_ADMINS: 'slack:U1, wechat:w2，cli:me' }).BOT_ADMINS).toEqual(['slack:U1', 'wechat:w2', 'cli:me'])
  })

  it('names each missing or bad variable', () => {
    expect(() => loadConfig({}, 'slack')).toThrow(ConfigError)
    expect(() => loadConfig({}, 'slack')).toThrow(/SLACK_BOT_TOKEN[\s\S]*SLACK_SIGNING_SECRET|SLACK_SIGNING_SECRET[\s\S]*SLACK_BOT_TOKEN/)
    expect(() => loadConfig({ BOT_SILENT_PERIODS: 'soon' })).toThrow(/BOT_SILENT_PERIODS/)
    expect(() => loadConfig({ BOT_EVIDENCE_MAX_MB: '0' })).toThrow(/BOT_EVIDENCE_MAX_MB/)
    expect(() => loadConfig({ BOT_REMIND_CRON: '0 9 32 * *' })).toThrow(/BOT_REMIND_CRON/)
    expect(() => loadConfig({ BOT_TIMEZONE: 'Mars/Olympus' })).toThrow(/BOT_TIMEZONE/)
    expect(() => loadConfig({ SLACK_SLASH_COMMAND: 'gzyd' })).toThrow(/SLACK_SLASH_COMMAND/)
  })
})
