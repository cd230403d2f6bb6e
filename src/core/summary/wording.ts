import { formatTime } from '../time.js'
import { ALERT_PERIODS, type Light, RED_GAP, STATE_LIGHT, type StateName } from './status.js'

/**
 * Words for states, dates and percentages, shared by the chat summary, the 台账 and the dashboard
 * so that a state means the same thing, in the same words and colour, wherever a leader sees it.
 */

/** The four states in the order leaders read them: what needs action first. */
export const STATES: readonly StateName[] = ['滞后', '关注', '未报送', '正常']
export const LIGHTS: readonly Light[] = STATES.map((s) => STATE_LIGHT[s])

export const LIGHT_NAME: Record<Light, StateName> = { red: '滞后', yellow: '关注', grey: '未报送', green: '正常' }

export const LIGHT_ICON: Record<Light, string> = { red: '🔴', yellow: '🟡', grey: '⚪', green: '🟢' }

/** The colour of each state on the page (#RRGGBB; the 台账 has its own fills, ledger-sheet.ts). */
export const LIGHT_COLOUR: Record<Light, string> = { red: '#d4380d', yellow: '#d9a400', grey: '#8c959f', green: '#389e0d' }

/** What each state means, as short phrases; `legendLine` joins them. */
export function lightMeaning(alertPeriods = ALERT_PERIODS): Record<Light, string> {
  return {
    red: `落后序时进度${RED_GAP}个百分点及以上，或已过完成时限未办结`,
    yellow: '略落后序时进度，或报送中没有可对照目标的数字',
    grey: `本期未报送（连续${alertPeriods}个周期未报送的列入待关注）`,
    green: '达到或超过序时进度、已报完成或已办结',
  }
}

/** The one-line legend under every summary: 「🔴 滞后：… · 🟡 关注：… · ⚪ 未报送：… · 🟢 正常：…」. */
export function legendLine(alertPeriods = ALERT_PERIODS): string {
  const meaning = lightMeaning(alertPeriods)
  return LIGHTS.map((l) => `${LIGHT_ICON[l]} ${LIGHT_NAME[l]}：${meaning[l]}`).join(' · ')
}

/** 「🔴滞后 3 · 🟡关注 5 · ⚪未报送 40 · 🟢正常 16」. */
export function countsLine(counts: Record<Light, number>): string {
  return LIGHTS.map((l) => `${LIGHT_ICON[l]}${LIGHT_NAME[l]} ${counts[l]}`).join(' · ')
}

/** 2023-07-02: the calendar day of an instant in the bureau's zone. */
export function dayOf(date: Date, timezone: string): string {
  return formatTime(date.toISOString(), timezone).slice(0, 10)
}

/** 60% / 60.5% / '' for no figure. */
export function percentText(value: number | null): string {
  return value === null ? '' : `${Math.round(value * 10) / 10}%`
}

/**
 * A person as leaders read them: the display name the platform gave, else nobody (''): ids belong
 * in the audit trail, never in a 台账 or on a page.
 */
export function personName(userName: string | null | undefined): string {
  return userName?.trim() ?? ''
}
