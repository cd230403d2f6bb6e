import { describe, expect, it } from 'vitest'
import { killProbe } from '../bench/kill-slack.js'

/**
 * The Slack door as a real process, killed with SIGKILL at random moments while it answers progress
 * reports (bench/kill-slack.ts; `npx tsx bench/kill-slack.ts` runs the larger probe). Every report
 * the door acknowledged is stored once and answered once, across the kills.
 */
describe('killing the Slack door while it answers', () => {
  it('stores and answers every report exactly once across four kills', async () => {
    const seed = Number(process.env.KILL_SEED ?? Date.now() % 1_000_000)
    const report = await killProbe({ events: 24, kills: 4, seed })
    expect(report, `seed ${seed}`).toMatchObject({ kills: 4, doubled: 0, unanswered: 0, storedTwice: 0, notStored: 0 })
    expect(report.posts).toBe(24)
  }, 180_000)
})
