import type { Plan } from '../types.js'

/**
 * "所有…业务性工作，各区县(市)及A、B市场监督管理局均为责任单位": the bodies that share every
 * business task. Names keep the common suffix (…市场监督管理局) so each reads as a full name.
 */
export function findSharedUnits(closing: string[]): Plan['sharedUnits'] {
  for (const sentence of closing) {
    const m = sentence.match(/([^，,。；;]+?)均为(?:责任|配合)单位/)
    if (!m?.[1]) continue
    const list = m[1].trim()
    const suffix = list.match(/(市场监督管理局|市场监管局|分局|局)$/)?.[1] ?? ''
    const names = list
      .slice(0, list.length - suffix.length)
      .split(/[、及]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((n) => `${n}${suffix}`)
    return { names, sentence }
  }
  return null
}
