import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * The machine interface as a separate process: `ask --jsonl` reads one JSON object per line and
 * writes exactly one JSON answer per line, nothing else, on stdout; the database outlives it.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gzyd-jsonl-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Answer {
  intent: string
  reply: string
  tasks: { number: number }[]
  progress?: { id: number; task: number }
}

async function ask(lines: string[]): Promise<{ code: number | null; stdout: string; stderr: string; answers: Answer[] }> {
  const env: NodeJS.ProcessEnv = { ...process.env, BOT_DB: join(dir, 'bot.db'), BOT_EXPORT_DIR: join(dir, 'exports'), LOG_LEVEL: 'info' }
  delete env.BOT_BINDING_POLICY // the terminal default: open
  delete env.BOT_ADMINS
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'ask.ts'), '--jsonl'], { cwd: ROOT, env })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk
  })
  const code = new Promise<number | null>((resolve) => child.on('close', resolve))
  child.stdin.end(`${lines.join('\n')}\n`)
  const exit = await code
  // Every stdout line must parse; a stray log line would throw here.
  const answers = stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Answer)
  return { code: exit, stdout, stderr, answers }
}

const line = (text: unknown, user = 'u1', id?: string) => JSON.stringify({ text, user, channel: 'c1', ...(id ? { id } : {}) })

describe('ask --jsonl', () => {
  it('answers each line with one JSON object and reports stored updates', async () => {
    const input = [
      line('我是知识产权促进科的'),
      line('进度 20 截至6月底发明专利申请量1200件', 'u1', 'm1'),
      'this is not json',
      JSON.stringify({ text: 5, user: 'u1' }),
      line('进度 20 截至6月底发明专利申请量1200件', 'u1', 'm1'),
      line('进度 55 已检查', 'u1'),
      line('第20条进展如何', 'u2'),
    ]
    const { code, stdout, stderr, answers } = await ask(input)
    expect(code, stderr).toBe(0)
    expect(stdout.endsWith('\n')).toBe(true)
    expect(answers).toHaveLength(input.length)
    for (const a of answers)
      expect(Object.keys(a).sort()).toEqual(a.progress ? ['intent', 'progress', 'reply', 'tasks'] : ['intent', 'reply', 'tasks'])

    const [bind, logged, badJson, badText, duplicate, refused, query] = answers
    expect(bind?.intent).toBe('bind')
    expect(logged?.intent).toBe('log_progress')
    expect(logged?.progress).toEqual({ id: expect.any(Number), task: 20 })
    expect(logged?.reply).toContain('= 60%')
    expect(badJson).toMatchObject({ intent: 'error', tasks: [] })
    expect(badJson?.reply).toContain('JSON')
    expect(badText).toMatchObject({ intent: 'error', tasks: [] })
    expect(duplicate?.progress).toBeUndefined()
    expect(duplicate?.reply).toContain(`编号 ${logged?.progress?.id}`)
    expect(refused?.progress).toBeUndefined()
    expect(refused?.reply).toContain('特安科')
    expect(query?.intent).toBe('progress_query')
    expect(query?.tasks.map((t) => t.number)).toEqual([20])
    expect(query?.reply).toContain('1200件')
  })

  it('keeps the data for the next process', async () => {
    const { code, stderr, answers } = await ask([line('第20条进展如何', 'u3'), line('第20条全部进展', 'u3')])
    expect(code, stderr).toBe(0)
    expect(answers).toHaveLength(2)
    expect(answers[0]?.reply).toContain('截至6月底发明专利申请量1200件')
    expect(answers[0]?.reply).toContain('= 60%')
    expect(answers[1]?.reply).toContain('全部进展（1 条')
  })

  it('refuses non-string ids, so two large numbers can never collide into one message', async () => {
    const input = [
      line('我是知识产权促进科的', 'u9'),
      '{"text": "进度 20 第一次", "user": "u9", "id": 12345678901234567890}',
      '{"text": "进度 20 第二次", "user": "u9", "id": 12345678901234567891}',
      JSON.stringify({ text: '进度 20 第三次', user: 'u9', id: '12345678901234567890' }),
      JSON.stringify({ text: '进度 20 第四次', user: 'u9', id: '12345678901234567891' }),
    ]
    const { code, stderr, answers } = await ask(input)
    expect(code, stderr).toBe(0)
    expect(answers.slice(1, 3).map((a) => a.intent)).toEqual(['error', 'error'])
    expect(answers[1]?.reply).toContain('"id" 必须是字符串')
    // The id is echoed as typed, never as the double JSON.parse made of it.
    expect(answers[1]?.reply).toContain('"id": "12345678901234567890"')
    expect(answers[2]?.reply).toContain('"id": "12345678901234567891"')
    expect(answers.slice(3).map((a) => a.progress?.task)).toEqual([20, 20])
  })

  it('echoes a refused number as the user typed it: never Infinity, never rounded', async () => {
    const input = [
      '{"text": "第20条", "id": 1e999}',
      '{"text": "第20条", "id": 1.50}',
      '{"text": "第20条", "user": 9007199254740993}',
      '{"text": "第20条", "channel": true}',
    ]
    const { code, stderr, answers } = await ask(input)
    expect(code, stderr).toBe(0)
    const replies = answers.map((a) => a.reply)
    expect(replies[0]).toContain('"id": "1e999"')
    expect(replies[1]).toContain('"id": "1.50"')
    expect(replies[2]).toContain('"user": "9007199254740993"')
    expect(replies[3]).toContain('"channel": "true"')
    expect(replies.join('\n')).not.toMatch(/Infinity|9007199254740992|"1\.5"/)
  })

  it('splits input on \\n only: a raw U+2028 or U+2029 inside a JSON string stays in its line', async () => {
    const raw = '{"text": "进度 20 甲\u2028乙\u2029丙", "user": "u9", "id": "sep-raw"}'
    const { code, stderr, answers } = await ask([raw, '{"text": "第20条"}\r'])
    expect(code, stderr).toBe(0)
    expect(answers).toHaveLength(2)
    expect(answers[0]?.intent).not.toBe('error')
    expect(answers[1]?.tasks.map((t) => t.number)).toEqual([20])
  })

  it('escapes U+2028 and U+2029, so every answer is one line for any line reader', async () => {
    const { code, stderr, stdout, answers } = await ask([line('进度 20 第一段\u2028第二段\u2029第三段', 'u9', 'sep-1')])
    expect(code, stderr).toBe(0)
    expect(stdout).not.toMatch(/[\u2028\u2029]/)
    expect(stdout).toContain('\\u2028')
    expect(answers).toHaveLength(1)
    expect(answers[0]?.reply).toContain('第一段\u2028第二段')
  })
})
