/**
 * 佐证材料 through the Slack door: a real bolt App receiving signed file_share events, the files
 * downloaded from the fake Web API with the bot token (never sent elsewhere), kept by the core with
 * the report they follow. A file in a channel is the bot's only from someone who just reported there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PNG } from './helpers/evidence-files.js'
import { SlackHarness } from './helpers/slack-harness.js'

describe('佐证材料 in Slack', () => {
  let h: SlackHarness
  beforeAll(async () => {
    h = await SlackHarness.start()
    await h.ask({ channel: 'D1FILES', channel_type: 'im', user: 'U0FILES', text: '我是知识产权促进科的' })
  })
  afterAll(async () => {
    await h.close()
  })

  const postsIn = (channel: string) => h.api.posts.filter((p) => p.params.channel === channel)
  const evidence = () => h.runtime.context.store.evidence.list()
  const shared = (name: string, url: string, size = PNG.length) => [
    { id: `F-${name}`, name, size, mimetype: 'image/png', url_private_download: url },
  ]

  it('keeps a picture sent in a channel right after its sender’s report there, fetched with the bot token', async () => {
    const report = await h.ask({ channel: 'C1FILES', user: 'U0FILES', text: '进度 20 截至6月底发明专利申请量1200件' })
    expect(report.outcome.intent).toBe('log_progress')
    const file = h.api.hostFile('现场.png', PNG, 'image/png')
    const { outcome } = await h.ask({
      channel: 'C1FILES',
      user: 'U0FILES',
      text: '',
      subtype: 'file_share',
      files: shared('现场.png', file.url),
    })
    expect(outcome).toMatchObject({ action: 'replied', intent: 'evidence' })
    expect(h.api.calls.filter((c) => c.method === 'file').map((c) => c.params.authorised)).toEqual([true])
    const [kept] = await evidence()
    expect(kept).toMatchObject({ task: 20, name: '现场.png', mime: 'image/png', user: 'slack:U0FILES' })
    expect(String(postsIn('C1FILES').at(-1)?.params.text)).toContain('佐证材料：已保存「现场.png」')
  })

  it('takes a captioned file in a direct message as a report with its evidence', async () => {
    const file = h.api.hostFile('报告.png', PNG, 'image/png')
    const { outcome } = await h.ask({
      channel: 'D1FILES',
      channel_type: 'im',
      user: 'U0FILES',
      subtype: 'file_share',
      text: '进度 22 市级重点跟踪企业已确定100家',
      files: shared('报告.png', file.url),
    })
    expect(outcome.intent).toBe('log_progress')
    expect((await evidence()).at(-1)).toMatchObject({ task: 22, name: '报告.png' })
  })

  it('leaves alone a picture in a channel from someone who did not just report: no reply, no download', async () => {
    const file = h.api.hostFile('聚餐.png', PNG, 'image/png')
    const before = h.api.calls.filter((c) => c.method === 'file').length
    const { outcome } = await h.ask({
      channel: 'C1FILES',
      user: 'U0OTHER',
      text: '',
      subtype: 'file_share',
      files: shared('聚餐.png', file.url),
    })
    expect(outcome).toMatchObject({ action: 'dropped', reason: 'channel message not addressed to the bot' })
    expect(h.api.calls.filter((c) => c.method === 'file')).toHaveLength(before)
  })

  it('never sends the token to a host that is not Slack’s: the file is refused, the sender told', async () => {
    const before = (await evidence()).length
    const { outcome } = await h.ask({
      channel: 'D1FILES',
      channel_type: 'im',
      user: 'U0FILES',
      subtype: 'file_share',
      text: '佐证 22',
      files: shared('外链.png', 'https://attacker.example/evil.png'),
    })
    expect(outcome.intent).toBe('evidence')
    expect(String(postsIn('D1FILES').at(-1)?.params.text)).toContain('佐证材料「外链.png」未保存：文件没能从平台取回，请重新发送。')
    expect((await evidence()).length).toBe(before)
  })
})
