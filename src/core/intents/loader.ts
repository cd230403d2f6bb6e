import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { INTENT_IDS, type IntentId, isIntentId } from './ids.js'
import { IntentDefinition } from './schema.js'

/** A validated intent with its patterns compiled. */
export interface Intent extends IntentDefinition {
  id: IntentId
  regexes: RegExp[]
}

export class IntentFileError extends Error {
  constructor(file: string, message: string) {
    super(`intents: ${file}: ${message}`)
    this.name = 'IntentFileError'
  }
}

/**
 * Reads every intents/*.json, validates it with the zod schema and compiles its patterns. Errors
 * name the file. Every known intent id must have exactly one file, and no file may name an unknown id.
 */
export function loadIntents(dir: string): Intent[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  const intents: Intent[] = []
  for (const file of files) {
    let json: unknown
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    } catch (error) {
      throw new IntentFileError(file, `not valid JSON: ${(error as Error).message}`)
    }
    const parsed = IntentDefinition.safeParse(json)
    if (!parsed.success) throw new IntentFileError(file, z.prettifyError(parsed.error))
    const def = parsed.data
    if (!isIntentId(def.id)) throw new IntentFileError(file, `unknown intent id "${def.id}" (known: ${INTENT_IDS.join(', ')})`)
    if (intents.some((i) => i.id === def.id)) throw new IntentFileError(file, `duplicate intent id "${def.id}"`)
    const regexes = def.patterns.map((source, k) => {
      try {
        return new RegExp(source, 'u')
      } catch (error) {
        throw new IntentFileError(file, `pattern ${k + 1} is not a valid regular expression: ${(error as Error).message}`)
      }
    })
    intents.push({ ...def, id: def.id, regexes })
  }
  const missing = INTENT_IDS.filter((id) => !intents.some((i) => i.id === id))
  if (missing.length) throw new IntentFileError(dir, `no definition for intent(s): ${missing.join(', ')}`)
  return intents.sort((a, b) => b.priority - a.priority)
}
