import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Runtime } from '../src/boot.js'
import { loadIntents } from '../src/core/intents/loader.js'
import { Router } from '../src/core/intents/router.js'
import { normaliseMessage } from '../src/core/text/normalise.js'
import { ROOT } from './helpers/plan.js'
import { testRuntime } from './helpers/runtime.js'

const intents = loadIntents(join(ROOT, 'intents'))

describe('intents/ as data', () => {
  let runtime: Runtime
  let router: Router
  beforeAll(async () => {
    runtime = await testRuntime()
    router = new Router(runtime.context.intents, runtime.context.units)
  })
  afterAll(() => runtime.close())

  for (const intent of intents) {
    for (const example of intent.examples) {
      it(`routes 「${example}」 to ${intent.id}`, () => {
        expect(router.route(normaliseMessage(example)).intent).toBe(intent.id)
      })
    }
  }

  it('treats an unknown phrasing as a keyword search', () => {
    expect(router.route('商标').intent).toBe('search')
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
})
