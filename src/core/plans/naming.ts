import type { PlanIdentity } from './identity.js'
import type { PlanLibrary } from './library.js'

/**
 * How messages name a plan when several are loaded: a label for the first line (〔2023年…工作要点〕)
 * and the reference a reply must carry to reach that plan (「进度 2023年第20条 …」), the year when it
 * is unique among the loaded plans, else the title in 《》. Null with one plan: nothing is named.
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
  const yearUnique = identity.year !== null && library.plans.filter((p) => p.identity.year === identity.year).length === 1
  return {
    label: `〔${library.label(entry).replace(/^《|》$/g, '')}〕`,
    ref: yearUnique ? `${identity.year}年` : `《${identity.title}》`,
  }
}
