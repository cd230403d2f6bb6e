/** The app manifest in the repository stays in step with what the adapter listens for and calls. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.js'

const manifest = readFileSync(new URL('../slack-app-manifest.yml', import.meta.url), 'utf8')
/** The `- item` lines of a YAML list under `key:` (comments dropped). */
const listUnder = (key: string): string[] => {
  const block = new RegExp(`^(\\s*)${key}:\\n((?:\\1\\s+-.*\\n)+)`, 'm').exec(manifest)
  return (block?.[2] ?? '')
    .split('\n')
    .map((line) =>
      line
        .replace(/#.*/, '')
        .replace(/^\s*-\s*/, '')
        .trim(),
    )
    .filter(Boolean)
}

describe('slack-app-manifest.yml', () => {
  it('subscribes to the events the adapter handles', () => {
    expect(listUnder('bot_events')).toEqual(['app_mention', 'message.channels', 'message.groups', 'message.im'])
  })

  it('asks for the scopes those events and the replies need, and no more', () => {
    expect(listUnder('bot').sort()).toEqual(
      [
        'app_mentions:read',
        'channels:history',
        'chat:write',
        'commands',
        'files:read',
        'files:write',
        'groups:history',
        'im:history',
        'im:read',
        'im:write',
      ].sort(),
    )
  })

  it('declares the default slash command and points every URL at /slack/events', () => {
    const defaults = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 's' }, 'slack')
    expect(manifest).toMatch(new RegExp(`^\\s*- command: ${defaults.SLACK_SLASH_COMMAND}$`, 'm'))
    const urls = [...manifest.matchAll(/^\s*(?:url|request_url): (\S+)$/gm)].map((m) => m[1])
    expect(urls).toHaveLength(2)
    for (const url of urls) expect(url).toMatch(/^https:\/\/.+\/slack\/events$/)
  })
})
