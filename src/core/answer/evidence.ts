import { FileTooLargeError, type IncomingFile } from '../message.js'
import type { Task } from '../plan/types.js'
import { checkEvidence, evidenceName } from '../progress/evidence-check.js'
import type { StoredUpdate } from '../progress/store.js'
import { sizeText } from '../summary/task-wording.js'
import type { AnswerContext, Answerer, Question } from './context.js'
import { taskRef } from './format.js'
import { audit, isAdmin } from './identity.js'
import { taskAccepts } from './reportable.js'

/**
 * 佐证材料: a file or picture sent with a report is kept with it (attachEvidence, called by
 * 「进度」); one sent alone, or with the caption 「佐证 20」, joins the sender's last report within
 * EVIDENCE_WINDOW_MS (or their unit's latest on task 20). Each file is checked (size, type from its
 * bytes) before it is stored, content-addressed; each decision is audited. Doors call nothing but
 * `bot.handle` with `files` (message.ts): the WeCom and DingTalk doors need nothing else.
 */

/** A file sent alone this long after a report belongs to it. */
export const EVIDENCE_WINDOW_MS = 30 * 60 * 1000

/** Stores each file of `q` with `update`; the reply's lines, one per file. */
export async function attachEvidence(ctx: AnswerContext, q: Question, task: Task, update: StoredUpdate): Promise<string[]> {
  const lines: string[] = []
  const max = ctx.settings.evidenceMaxBytes
  for (const [k, file] of (q.files ?? []).entries()) {
    // Named at the time of the refusal: some doors learn a file's name only from its download.
    const refused = async (reason: string) => {
      await audit(ctx, q, 'evidence', false, reason, { task: task.number, update: update.id, name: file.name ?? null })
      lines.push(`佐证材料${file.name ? `「${file.name}」` : `第 ${k + 1} 个文件`}未保存：${reason}。`)
    }
    if (file.size !== undefined && file.size > max) {
      await refused(`超过 ${Math.floor(max / 1024 / 1024)} MB 的大小限制`)
      continue
    }
    const bytes = await readFile(file, max)
    if (bytes === 'too large') {
      await refused(`超过 ${Math.floor(max / 1024 / 1024)} MB 的大小限制`)
      continue
    }
    if (bytes === null) {
      await refused('文件没能从平台取回，请重新发送')
      continue
    }
    const check = await checkEvidence(bytes, max)
    if (!check.ok) {
      await refused(check.reason)
      continue
    }
    const at = ctx.now().toISOString()
    const name = evidenceName(file.name, check.ext)
    const result = await ctx.store.evidence.add(
      {
        task: task.number,
        update: update.id,
        name,
        mime: check.mime,
        unit: update.unit,
        user: q.user,
        userName: q.userName ?? update.userName ?? null,
        sourceId: q.messageId ? `${q.platform}:${q.messageId}:${k}` : null,
        at,
      },
      bytes,
      { at, user: q.user, action: 'evidence', allowed: true, reason: 'stored', detail: { task: task.number, update: update.id } },
    )
    const kept = result.stored ? result.evidence : result.duplicateOf
    lines.push(`佐证材料：已保存「${kept.name}」（${sizeText(kept.size)}），附在第${task.number}条本次报送（编号 ${update.id}）。`)
  }
  return lines
}

async function readFile(file: IncomingFile, max: number): Promise<Uint8Array | 'too large' | null> {
  try {
    const bytes = await file.read(max)
    return bytes.byteLength > max ? 'too large' : bytes
  } catch (error) {
    return error instanceof FileTooLargeError ? 'too large' : null
  }
}

const HOW = '请把文件或图片和「进度 条号 内容」一起发送，或在报送后30分钟内单独发送，或在文件说明里写「佐证 条号」。'

/**
 * 「佐证材料」 (a file sent alone) or 「佐证 20」: the files join the sender's last report (within
 * EVIDENCE_WINDOW_MS), or, with a number, their unit's latest report on that task.
 */
export const answerEvidence: Answerer = async (ctx, routed, q) => {
  if (!q.files?.length) return { intent: 'evidence', reply: `没有收到文件。${HOW}`, tasks: [] }
  const number = routed.slots.task ? Number(routed.slots.task) : null
  const refuse = async (reason: string, reply: string) => {
    await audit(ctx, q, 'evidence', false, reason, { task: number, files: q.files?.length })
    return { intent: 'evidence', reply: `${reply}文件未保存。`, tasks: [] }
  }
  let update: StoredUpdate | null
  if (number === null) {
    update = await ctx.store.lastUpdateBy(q.user)
    if (!update || ctx.now().getTime() - new Date(update.at).getTime() > EVIDENCE_WINDOW_MS)
      return refuse('no recent report', `没有找到你30分钟内报送的进度，不知道这份材料佐证哪项任务。${HOW}`)
  } else {
    const task = ctx.search.task(number)
    if (!task) return refuse('unknown task', `工作要点没有第${number}条（共 ${ctx.plan.tasks.length} 条）。`)
    const binding = await ctx.store.getBinding(q.user)
    const unit = binding?.status === 'approved' ? binding.unit : null
    const mayAttach = isAdmin(ctx, q.user) || (unit !== null && taskAccepts(ctx, task, unit))
    if (!mayAttach) return refuse('unit not on task', `你所在的单位不是第${number}条的责任单位，不能为它提交佐证材料。`)
    const updates = await ctx.store.updatesForTask(number, { limit: 50 })
    update = updates.find((u) => isAdmin(ctx, q.user) || u.unit === unit) ?? null
    if (!update) return refuse('no report on task', `第${number}条还没有你单位的进度报送。请先发送「进度 ${number} 内容」，再附上材料。`)
  }
  // The last report may be on another loaded plan's task: the files go with that plan's update.
  const owner = update.plan && ctx.identity && update.plan !== ctx.identity.key ? ctx.library?.get(update.plan)?.value : undefined
  const target = owner ?? ctx
  const task = target.search.task(update.task)
  if (!task) return refuse('task gone', `第${update.task}条已不在工作要点中。`)
  const lines = await attachEvidence(target, q, task, update)
  return { intent: 'evidence', reply: lines.join('\n'), tasks: [taskRef(task)] }
}
