import type { BotReply } from '../message.js'
import { planClock } from '../summary/plan-clock.js'
import type { Answerer } from './context.js'

/**
 * 「有哪些工作要点」: every loaded plan with its year, issuer, size and progress, which one answers
 * by default, how to ask another, and, for a plan whose file was replaced, the task numbers whose
 * progress no longer matches the new version.
 */
export const answerPlans: Answerer = async (ctx): Promise<BotReply> => {
  const library = ctx.library
  const now = ctx.now()
  if (!library || library.size <= 1) {
    const title = ctx.identity?.title ?? ctx.plan.title
    return {
      intent: 'plans',
      reply: `目前载入了 1 份工作要点：《${title}》，共 ${ctx.plan.tasks.length} 条任务。有新的年度或单位的工作要点时，放进 seeds/ 文件夹并重启即可同时查询。`,
      tasks: [],
    }
  }
  const lines = await Promise.all(
    library.plans.map(async (entry, k) => {
      const { identity, plan, value } = entry
      const clock = planClock(plan, now, ctx.settings.timezone)
      const when =
        identity.year === null ? '' : clock.phase === 'after' ? '，年度已结束' : clock.phase === 'before' ? '，年度未开始' : '，执行中'
      const updates = (await value.store.liveUpdates()).length
      const marks = [entry.value === ctx ? '默认' : '', identity.issuer ?? ''].filter(Boolean).join('，')
      const change = (await value.store.plans.get(identity.key))?.change
      const changed = change
        ? `\n   ⚠ 文件已更新（原 ${change.previousFile}）：${[
            change.gone.length ? `第${change.gone.join('、')}条在新版中已没有` : '',
            change.altered.length ? `第${change.altered.join('、')}条内容已不同` : '',
          ]
            .filter(Boolean)
            .join('；')}，原有进展按原条号保留`
        : ''
      return `${k + 1}. ${library.label(entry)}${marks ? `（${marks}）` : ''}：${plan.tasks.length} 条任务，${updates} 条进展${when}${changed}`
    }),
  )
  const years = library.plans.map((p) => p.identity.year).filter((y): y is number => y !== null)
  const example = years.length ? `「${years[0]}年第1条进展」` : '「《标题》第1条」'
  return {
    intent: 'plans',
    reply: [
      `目前载入了 ${library.size} 份工作要点：`,
      ...lines,
      `不指明时按默认的${ctx.identity ? library.label(library.get(ctx.identity.key) ?? library.default) : library.label(library.default)}回答；问 ${example}「去年的…」或「某某局的工作要点里…」可查其他年度或单位。`,
    ].join('\n'),
    tasks: [],
  }
}
