import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runTerminalChat } from '../src/adapters/cli/terminal-chat.js'
import { testRuntime } from './helpers/runtime.js'

type TestRuntime = Awaited<ReturnType<typeof testRuntime>>
let rt: TestRuntime
beforeAll(async () => {
  rt = await testRuntime()
})
afterAll(() => rt.close())

/** Drives the terminal chat through injected streams and returns everything it printed. */
async function session(lines: string[], end: 'eof' | 'exit' = 'eof'): Promise<string> {
  const input = new PassThrough()
  const output = new PassThrough()
  let printed = ''
  output.on('data', (chunk) => {
    printed += String(chunk)
  })
  const done = runTerminalChat({ bot: rt.bot, input, output, user: 'cli:tester', banner: '工作要点助手' })
  for (const line of lines) input.write(`${line}\n`)
  if (end === 'exit') input.write('exit\n')
  else input.end()
  await done
  return printed
}

describe('terminal chat', () => {
  it('answers each line in order and exits cleanly on end of input (Ctrl-D)', async () => {
    const printed = await session(['商标工作谁牵头？', '第8条'])
    expect(printed.startsWith('工作要点助手\n')).toBe(true)
    expect(printed.indexOf('知识产权保护科')).toBeGreaterThan(0)
    expect(printed.indexOf('第8条（')).toBeGreaterThan(printed.indexOf('知识产权保护科'))
  })

  it('maps help to the help answer and stops at exit', async () => {
    const printed = await session(['help', 'exit', '第8条'], 'exit')
    // Whatever the core's help says today, the terminal prints exactly that for `help`.
    const help = await rt.bot.handle({ text: '帮助', user: 'cli:tester', platform: 'cli' })
    expect(printed).toContain(help.reply)
    expect(printed).not.toContain('第8条（')
  })

  it('stores progress from the terminal under the terminal user', async () => {
    const printed = await session(['我是知识产权促进科的', '进度 20 已申请1000件'])
    expect(printed).toContain('已绑定到 知识产权促进科')
    // The bundled plan is 2023's: on today's clock a report on it is a 补报.
    expect(printed).toMatch(/已记录(?:（补报）)?：第20条，知识产权促进科/)
    expect((await rt.store.updatesForTask(20))[0]?.user).toBe('cli:tester')
  })
})
