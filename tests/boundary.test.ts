import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './helpers/plan.js'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('dependency direction', () => {
  it('core never imports adapters, entry points or config', () => {
    const offenders = sourceFiles(join(ROOT, 'src', 'core')).filter((file) =>
      /from '(?:\.\.\/)+(?:adapters|boot|main|ask|config|tools)[/.']/.test(readFileSync(file, 'utf8')),
    )
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([])
  })

  it('only the tokenizer and the dictionary builder load nodejieba', () => {
    const users = sourceFiles(join(ROOT, 'src'))
      .filter((file) => readFileSync(file, 'utf8').includes("'nodejieba'"))
      .map((f) => relative(ROOT, f))
    expect(users.sort()).toEqual(['src/core/search/dictionary.ts', 'src/core/search/tokenize.ts'])
  })
})
