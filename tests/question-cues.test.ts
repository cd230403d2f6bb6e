import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { domainMeaning } from '../src/core/intents/router.js'
import { compileCues, compileForm, findCues, loadCues } from '../src/core/query/cues.js'
import { parseEnvFor } from '../src/core/query/env.js'
import { type ParseEnv, parseQuestion, partsIn } from '../src/core/query/parse.js'
import { loadDomainLexicon } from '../src/core/search/domain-lexicon.js'
import { normaliseMessage } from '../src/core/text/normalise.js'
import { testRuntime } from './helpers/runtime.js'

/**
 * lexicon/question-cues.json as data: every example of every cue is read with that part, wherever
 * it stands; the forms are checked when they load.
 */

let rt: Awaited<ReturnType<typeof testRuntime>>
let env: ParseEnv
beforeAll(async () => {
  rt = await testRuntime()
  env = parseEnvFor(rt.plan, rt.context.search, rt.context.units, domainMeaning(loadDomainLexicon()))
})
afterAll(() => rt.close())

describe('question cues', () => {
  for (const cue of loadCues()) {
    for (const example of cue.examples) {
      it(`finds ${cue.part}/${cue.value} in 「${example}」`, () => {
        const text = normaliseMessage(example)
        if (cue.part === 'chat') {
          expect(findCues(text, [cue]).length).toBeGreaterThan(0)
          expect(parseQuestion(text, env).chat).toBeDefined()
          return
        }
        expect(partsIn(text, env)).toContainEqual(expect.objectContaining({ part: cue.part, value: cue.value }))
      })
    }
  }
})

describe('compileForm', () => {
  const words = { verb: ['牵头', '负责'] }

  it('expands a macro into its words, longest first', () => {
    const source = compileForm('谁{verb}', { verb: ['管', '牵头'] }, 'test')
    expect(new RegExp(source, 'u').exec('这事谁牵头')?.[0]).toBe('谁牵头')
  })

  it('names the cue and the macro when a macro is unknown', () => {
    expect(() => compileForm('谁{who}', words, 'cue 3 (ask/unit)')).toThrow('cue 3 (ask/unit): unknown macro {who} in form 「谁{who}」')
  })

  it('refuses regular-expression syntax beyond ? * ( ) |', () => {
    expect(() => compileForm('谁.+', words, 'cue 1')).toThrow(/uses syntax other than/)
    expect(() => compileForm('[谁]', words, 'cue 1')).toThrow(/uses syntax other than/)
  })

  it('matches Latin words and digits only as whole tokens', () => {
    const ok = new RegExp(compileForm('ok', {}, 'test'), 'iu')
    expect(ok.test('OK')).toBe(true)
    expect(ok.test('book')).toBe(false)
  })

  it('names the file and the field of an invalid cue file', () => {
    expect(() => compileCues({ $comment: 'x', words: {}, cues: [{ part: 'ask', value: 'unit', forms: [] }] }, 'cues.json')).toThrow(
      /cues\.json: [\s\S]*forms/,
    )
  })
})

describe('cues inside words', () => {
  it('reads a one-character cue only as a word of its own', () => {
    expect(partsIn('乡镇监管所建设谁牵头', env)).not.toContainEqual(expect.objectContaining({ part: 'relation', text: '管' }))
    expect(parseQuestion('银行抵押贷款归哪个科', env).topic).toContain('银行')
  })
})
