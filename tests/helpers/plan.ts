import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parsePlan } from '../../src/core/plan/parse-plan.js'
import type { Plan } from '../../src/core/plan/types.js'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BUNDLED_PLAN_FILE = 'changde-market-supervision-2023.txt'
export const VARIANT_PLAN_PATH = join(ROOT, '..', 'shared', 'eval', 'dev-variant-plan.txt')

export function bundledPlan(): Plan {
  return parsePlan(readFileSync(join(ROOT, 'seeds', BUNDLED_PLAN_FILE), 'utf8'), BUNDLED_PLAN_FILE)
}
