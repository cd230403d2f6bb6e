import type { PlanIdentity } from './identity.js'
import type { PlanLibrary } from './library.js'

/**
 * How messages name a plan when several are loaded: a label for the first line (〔2023年…工作要点〕)
 * and the reference a reply must carry to reach that plan (「进度 2023年第20条 …」, 「进度 津市局2024年
 * 第3条 …」). Null with one plan: nothing is named.
 */
export interface PlanNaming {
  label: string
  /** Put before 第N条: 「2023年」 or 「《title》」. */
  ref: string
}

export function planNaming(source: { identity?: PlanIdentity; library?: PlanLibrary<unknown> }): PlanNaming | null {
  const { identity, library } = source
  if (!identity || !library || library.size <= 1) return null
  const entry = library.get(identity.key)
  if (!entry) return null
  const sameYear = library.plans.filter((p) => p.identity.year === identity.year).length > 1
  const label = `〔${library.name(entry)}〕`
  // The reply must reach this plan alone: the year when no other plan has it, else the issuer's
  // short name with the year (津市局2024年), else the title.
  const short = identity.issuerNames.at(-1)
  const ref =
    identity.year !== null && !sameYear
      ? `${identity.year}年`
      : short && identity.year !== null
        ? `${short}${identity.year}年`
        : `《${identity.title}》`
  return { label, ref }
}
