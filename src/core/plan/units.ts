import type { UnitMention } from './types.js'

/**
 * What a unit mention means beyond its name: group words (相关科室, 各县级局), the display form, and
 * which units a group word covers. Lists are parsed by the recogniser (recognise/unit-lists.ts).
 */

/**
 * Group words that stand for several units (相关科室, 各县级局, 机关各科室, 市政府各部门, 食品相关科室 …). They are kept
 * as written: the plan does not say which units they mean.
 */
export function isPlaceholder(name: string): boolean {
  return /^各|各(?:部门|单位|科室|处室|股室|成员单位|地|级)|相关|有关|^其他|等$|^全体|^所有/.test(name)
}

/** Display form: 行政审批办（登记注册科）. */
export function unitLabel(unit: UnitMention): string {
  return unit.alias ? `${unit.name}（${unit.alias}）` : unit.name
}

/**
 * Whether a group word can stand for a unit: 相关科室 covers any unit; 机关各科室 every 科室 (a name
 * ending in 科, 室 or 办, <alias> aside); 各处室 every 处室; 食品相关科室 only units whose name has 食品
 * in it (食品生产科, 食品协调科 …).
 */
export function placeholderCovers(word: string, unitName: string): boolean {
  const scope =
    word
      .split(/相关|有关/)[0]
      ?.replace(/^.*各/, '')
      .replace(/^(?:机关|全体|所有)+/, '') ?? ''
  const kind = KIND_OF_UNIT[scope]
  if (kind) return kind.test(unitName.replace(/\s*[<〈《（(].*$/, ''))
  return scope === '' || unitName.includes(scope)
}

/** Group words that name a kind of unit, and the names of that kind. */
const KIND_OF_UNIT: Record<string, RegExp> = {
  科室: /[科室办]$/,
  处室: /[处室办]$/,
  部门: /./,
  单位: /./,
}
