import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Runtime } from '../src/boot.js'
import { loadIntents } from '../src/core/intents/loader.js'
import { domainMeaning, Router } from '../src/core/intents/router.js'
import { parseEnvFor } from '../src/core/query/env.js'
import { intentOf } from '../src/core/query/intent-of.js'
import { type ParseEnv, parseQuestion } from '../src/core/query/parse.js'
import { loadDomainLexicon } from '../src/core/search/domain-lexicon.js'
import { normaliseMessage, trimFiller } from '../src/core/text/normalise.js'
import { ROOT } from './helpers/plan.js'
import { testRuntime } from './helpers/runtime.js'

const intents = loadIntents(join(ROOT, 'intents'))

describe('intents/ as data', () => {
  let runtime: Runtime
  let router: Router
  let env: ParseEnv
  beforeAll(async () => {
    runtime = await testRuntime()
    const meaning = domainMeaning(loadDomainLexicon())
    router = new Router(runtime.context.intents, runtime.context.units, meaning)
    env = parseEnvFor(runtime.plan, runtime.context.search, runtime.context.units, meaning)
  })
  afterAll(() => runtime.close())

  /** A command by its grammar; anything else read from its parts into a frame. */
  const understood = (example: string) => {
    const text = normaliseMessage(example)
    return router.route(trimFiller(text))?.intent ?? intentOf(parseQuestion(text, env))
  }

  for (const intent of intents) {
    for (const example of intent.examples) {
      it(`reads 「${example}」 as ${intent.id}`, () => {
        expect(understood(example)).toBe(intent.id)
      })
    }
  }

  it('leaves a question to the parser: the router knows commands only', () => {
    expect(router.route('商标')).toBeNull()
    expect(router.route('进度 20 已申请1200件')?.intent).toBe('log_progress')
  })
})

describe('loadIntents', () => {
  function dirWith(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'intents-'))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    return dir
  }

  it('names the file and the field when a definition is invalid', () => {
    const dir = dirWith({ 'lead.json': JSON.stringify({ id: 'lead', description: 'x', priority: 1, examples: [], extra: 1 }) })
    expect(() => loadIntents(dir)).toThrow(/intents: lead\.json: [\s\S]*(examples|extra)/)
  })

  it('names the file when JSON does not parse', () => {
    expect(() => loadIntents(dirWith({ 'help.json': '{' }))).toThrow(/intents: help\.json: not valid JSON/)
  })

  it('refuses a folder that lacks an intent', () => {
    const only = JSON.stringify({ id: 'help', description: 'x', priority: 1, examples: ['帮助'] })
    expect(() => loadIntents(dirWith({ 'help.json': only }))).toThrow(/no definition for intent\(s\): small_talk, whoami/)
  })

  it('refuses patterns on a question, which is read from its parts', () => {
    const lead = JSON.stringify({ id: 'lead', kind: 'question', description: 'x', priority: 1, patterns: ['谁'], examples: ['谁牵头'] })
    expect(() => loadIntents(dirWith({ 'lead.json': lead }))).toThrow(/lead\.json: [\s\S]*no patterns/)
  })
})
