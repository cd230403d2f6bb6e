import { extname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { boot } from '../boot.js'
import { ConfigError, loadConfig } from '../config.js'
import { exportLedger } from '../core/answer/export.js'
import { asOfFromIsoDay } from '../core/summary/as-of.js'
import { LEDGER_FORMATS, type LedgerFormat } from '../core/summary/ledger-files.js'
import { runTool } from './run-tool.js'

/**
 * `npm run export -- [--format xlsx|csv|md] [--out FILE] [--as-of YYYY-MM-DD] [--plan 2023]`: writes the 台账 from a plan and the
 * stored updates (BOT_DB) and prints the file's path on stdout. Default: xlsx under BOT_EXPORT_DIR.
 * Exit codes: 0 written, 2 bad arguments or configuration, 1 anything else.
 */

const USAGE = `用法 (usage): npm run export -- [--format xlsx|csv|md] [--out 文件路径] [--as-of YYYY-MM-DD] [--plan 年度或标题]
  --format  台账格式 / ledger format: xlsx（默认 default）、csv、md
  --out     输出文件 / output file (默认 default: BOT_EXPORT_DIR/台账-<时间>.<格式>)
  --as-of   截至日期 / as-of date: the plan as it stood at the end of that day (默认 default: now)
  --plan    哪份工作要点 / which plan: year, title, file name, issuer or key (默认 default: BOT_DEFAULT_PLAN, else the newest)`

class UsageError extends Error {}

interface ExportArgs {
  format: LedgerFormat
  out: string | undefined
  /** YYYY-MM-DD as typed; checked against the clock once the configuration is read. */
  asOf: string | undefined
  plan: string | undefined
  help: boolean
}

const isFormat = (s: string): s is LedgerFormat => (LEDGER_FORMATS as readonly string[]).includes(s)

/** Parses the command line; throws a UsageError with a Chinese + English message. */
function parseExportArgs(argv: string[]): ExportArgs {
  let values: { format?: string; out?: string; 'as-of'?: string; plan?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
        'as-of': { type: 'string' },
        plan: { type: 'string', short: 'p' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new UsageError(`参数有误 (bad arguments): ${(error as Error).message}`)
  }
  const fromOut = values.out ? extname(values.out).slice(1).toLowerCase() : ''
  const format = values.format?.toLowerCase() ?? (isFormat(fromOut) ? fromOut : 'xlsx')
  if (!isFormat(format)) {
    throw new UsageError(
      `不支持的格式「${values.format}」，可选 xlsx、csv、md (unsupported format '${values.format}'; use xlsx, csv or md)`,
    )
  }
  if (values.out !== undefined && !values.out.trim()) throw new UsageError('--out 需要文件路径 (--out needs a file path)')
  if (values.out && isFormat(fromOut) && fromOut !== format) {
    throw new UsageError(
      `--out 的扩展名 .${fromOut} 与 --format ${format} 不一致 (the --out extension .${fromOut} does not match --format ${format})`,
    )
  }
  const asOf = values['as-of']
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    throw new UsageError(`--as-of 需要日期 YYYY-MM-DD，收到「${asOf}」 (--as-of needs a date YYYY-MM-DD, got '${asOf}')`)
  if (values.plan !== undefined && !values.plan.trim()) throw new UsageError('--plan 需要年度或标题 (--plan needs a year or title)')
  return { format, out: values.out, asOf, plan: values.plan, help: values.help ?? false }
}

async function main(): Promise<number> {
  let args: ExportArgs
  let config: ReturnType<typeof loadConfig>
  try {
    args = parseExportArgs(process.argv.slice(2))
    if (args.help) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    config = loadConfig(process.env, 'cli')
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error
    process.stderr.write(`${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`)
    return 2
  }
  const runtime = await boot(config)
  try {
    const now = runtime.context.now()
    const asOf = args.asOf ? asOfFromIsoDay(args.asOf, now, config.BOT_TIMEZONE) : now
    if (!asOf) {
      process.stderr.write(`没有这一天「${args.asOf}」 (no such day '${args.asOf}')\n${USAGE}\n`)
      return 2
    }
    const found = args.plan === undefined ? [runtime.plans.default] : runtime.plans.find(args.plan)
    if (found.length !== 1) {
      process.stderr.write(
        `${found.length ? `「${args.plan}」对应多份工作要点` : `没有「${args.plan}」对应的工作要点`}，可选：${runtime.plans.plans
          .map((p) => `${p.identity.year ?? ''} ${p.identity.title}（${p.identity.file}）`)
          .join('；')} (--plan names ${found.length ? 'several plans' : 'no loaded plan'})\n`,
      )
      return 2
    }
    const context = (found[0] as (typeof found)[number]).value
    const { path, rows } = await exportLedger(context, args.format, args.out ? resolve(args.out) : undefined, asOf)
    runtime.log.info('export: written', { rows, format: args.format })
    process.stdout.write(`${path}\n`)
    return 0
  } finally {
    await runtime.close()
  }
}

runTool(main, '导出')
