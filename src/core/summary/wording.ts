import { formatTime } from '../time.js'
import { LIGHT_ICON, type Light, RED_GAP } from './status.js'

/**
 * Words for lights, dates and percentages, shared by the chat summary, the 台账 and the dashboard
 * so that a light means the same thing, in the same words, wherever a leader sees it.
 */

export const LIGHTS: readonly Light[] = ['red', 'yellow', 'green']

export const LIGHT_NAME: Record<Light, string> = { red: '红灯', yellow: '黄灯', green: '绿灯' }

/** The colour of each light on the page and in the 台账 (ARGB for exceljs, #RRGGBB for HTML). */
export const LIGHT_COLOUR: Record<Light, string> = { red: '#d4380d', yellow: '#d9a400', green: '#389e0d' }

/** What each light means, as short phrases; `legendLine` joins them. */
export function lightMeaning(staleDays: number): Record<Light, string> {
  return {
    red: `落后序时进度${RED_GAP}个百分点及以上，或${staleDays}天未更新`,
    yellow: '略落后、未报送或没有可对照的数字',
    green: '已完成、达到或超过序时进度',
  }
}

/** The one-line legend under every summary: 「🔴 落后… · 🟡 … · 🟢 …」. */
export function legendLine(staleDays: number): string {
  const meaning = lightMeaning(staleDays)
  return LIGHTS.map((l) => `${LIGHT_ICON[l]} ${meaning[l]}`).join(' · ')
}

/** 「🔴3 🟡40 🟢21」. */
export function countsLine(counts: Record<Light, number>): string {
  return LIGHTS.map((l) => `${LIGHT_ICON[l]}${counts[l]}`).join(' ')
}

/** 2023-07-02: the calendar day of an instant in the bureau's zone. */
export function dayOf(date: Date, timezone: string): string {
  return formatTime(date.toISOString(), timezone).slice(0, 10)
}

/** 60% / 60.5% / '' for no figure. */
export function percentText(value: number | null): string {
  return value === null ? '' : `${Math.round(value * 10) / 10}%`
}

/** A person as leaders should read them: the display name, else the id without its platform prefix. */
export function personName(userName: string | null | undefined, user: string): string {
  return userName?.trim() || user.replace(/^[a-z]+:/, '')
}
