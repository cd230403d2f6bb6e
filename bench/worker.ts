import { benchBot, type CorpusOptions } from './bot-bench.js'
import { benchFts } from './fts-bench.js'
import { benchIndex, type IndexOptions } from './index-bench.js'
import { benchSummary, type SummaryOptions } from './summary-bench.js'
import { benchWeb, type WebBenchOptions } from './web-bench.js'

/**
 * Child-process entry: `node --import tsx bench/worker.ts <index|bot|fts|summary|web> '<options JSON>'`.
 * Each measurement runs in its own process so RSS is its own and the jieba dictionary (a
 * process-wide singleton in src/core/search/tokenize.ts) belongs to one plan. The result is the
 * last line of stdout, as JSON.
 */

async function main(): Promise<void> {
  const [mode, json] = process.argv.slice(2)
  const options = JSON.parse(json ?? '{}') as unknown
  let result: unknown
  if (mode === 'index') result = await benchIndex(options as IndexOptions)
  else if (mode === 'bot') result = await benchBot(options as CorpusOptions)
  else if (mode === 'fts') result = await benchFts(options as CorpusOptions)
  else if (mode === 'summary') result = await benchSummary(options as SummaryOptions)
  else if (mode === 'web') result = await benchWeb(options as WebBenchOptions)
  else throw new Error(`unknown worker mode ${mode}`)
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((error) => {
  process.stderr.write(`bench worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
