import { afterEach, describe, expect, it } from 'vitest'
import { ask, CLIENT_ID, type DingtalkRun, dingtalkHarness } from './helpers/dingtalk-door.js'
import type { FakeDingtalk } from './helpers/dingtalk-fake.js'
import type { DoorHarness } from './helpers/door-harness.js'
import { PDF, PNG } from './helpers/evidence-files.js'

/**
 * 佐证材料 through the DingTalk door: dingtalk-stream on the fake gateway receives picture, file and
 * richText robot messages; the door exchanges each downloadCode for a temporary link through the
 * robot OpenAPI (with its access token and robotCode), downloads it from a local file host and hands
 * it to the core, which keeps it with the sender's report. The kept bytes are read back from the
 * store; the sender is told what was kept, or why not.
 */

let fake: FakeDingtalk
let h: DoorHarness<DingtalkRun>
afterEach(async () => {
  await h?.close()
  await fake?.close()
})

const kept = () => h.runtime.store.evidence.list()
const lastShown = (chat: string) => fake.visible(chat).at(-1)?.content ?? ''
const DM = (staffId: string) => `cidDM-${staffId}`

/** Starts the door, binds `staffId` to 知识产权促进科 and stores its report on task 20 in `conversationId` (or directly). */
async function reported(staffId: string, conversationId?: string, env: Record<string, string> = {}) {
  ;({ fake, h } = await dingtalkHarness(env))
  await ask(fake, h, { staffId, text: '我是知识产权促进科的' })
  const report = await ask(fake, h, {
    staffId,
    text: '进度 20 截至6月底发明专利申请量1200件',
    ...(conversationId ? { conversationId } : {}),
  })
  expect(report.outcome).toMatchObject({ action: 'replied', intent: 'log_progress' })
}

/** A picture or file message carrying `downloadCode`; in a group, not @-addressed (DingTalk delivers it anyway when the robot is told of all messages). */
function sendMedia(m: { staffId: string; conversationId?: string; msgtype: 'picture' | 'file'; downloadCode: string; fileName?: string }) {
  const content = { downloadCode: m.downloadCode, ...(m.fileName ? { fileName: m.fileName, fileId: 'f1', spaceId: 's1' } : {}) }
  return ask(fake, h, {
    staffId: m.staffId,
    ...(m.conversationId ? { conversationId: m.conversationId, inAtList: false } : {}),
    extra: { msgtype: m.msgtype, content, text: undefined },
  })
}

describe('佐证材料 in DingTalk', () => {
  it('keeps a file sent alone in a direct chat after a report, its downloadCode exchanged with the robot’s code', async () => {
    await reported('zhang01')
    const downloadCode = fake.robot.receivedFile(PDF)
    const { outcome } = await sendMedia({ staffId: 'zhang01', msgtype: 'file', downloadCode, fileName: '专利申请台账.pdf' })
    expect(outcome).toMatchObject({ action: 'replied', intent: 'evidence' })
    expect(fake.robot.exchanges).toEqual([{ downloadCode, robotCode: CLIENT_ID }])
    const [row] = await kept()
    expect(row).toMatchObject({ task: 20, name: '专利申请台账.pdf', mime: 'application/pdf', user: 'dingtalk:zhang01' })
    expect(Buffer.from((await h.runtime.store.evidence.read(row?.id ?? -1))?.bytes ?? [])).toEqual(PDF)
    expect(lastShown(DM('zhang01'))).toContain('佐证材料：已保存「专利申请台账.pdf」')
    expect(lastShown(DM('zhang01'))).toContain('附在第20条本次报送')
  })

  it('in a group, keeps a picture from someone who just reported there, and leaves others’ pictures alone', async () => {
    await reported('zhang01', 'cidGroup1')
    const groupPicture = (staffId: string) =>
      sendMedia({ staffId, conversationId: 'cidGroup1', msgtype: 'picture', downloadCode: fake.robot.receivedFile(PNG) })
    const other = await groupPicture('wang03')
    expect(other.outcome).toMatchObject({ action: 'dropped', reason: 'group message not addressed to the bot' })
    expect(fake.robot.exchanges).toEqual([])
    const photo = await groupPicture('zhang01')
    expect(photo.outcome).toMatchObject({ action: 'replied', intent: 'evidence' })
    const [row] = await kept()
    expect(row).toMatchObject({ task: 20, mime: 'image/png', user: 'dingtalk:zhang01' })
    expect(Buffer.from((await h.runtime.store.evidence.read(row?.id ?? -1))?.bytes ?? [])).toEqual(PNG)
    expect(lastShown('cidGroup1')).toMatch(/佐证材料：已保存「.+\.png」/)
  })

  it('takes a rich-text @ with a report and a picture as the report with its evidence', async () => {
    ;({ fake, h } = await dingtalkHarness())
    await ask(fake, h, { staffId: 'li02', text: '我是知识产权促进科的' })
    const downloadCode = fake.robot.receivedFile(PNG)
    const richText = [{ text: '进度 22 市级重点跟踪企业已确定100家' }, { type: 'picture', downloadCode, pictureDownloadCode: 'legacy' }]
    const { outcome } = await ask(fake, h, {
      staffId: 'li02',
      conversationId: 'cidGroup2',
      extra: { msgtype: 'richText', content: { richText }, text: undefined },
    })
    expect(outcome).toMatchObject({ action: 'replied', intent: 'log_progress' })
    expect(await kept()).toMatchObject([{ task: 22, mime: 'image/png', user: 'dingtalk:li02' }])
    expect(lastShown('cidGroup2')).toContain('佐证材料：已保存')
  })

  it('refuses a file over BOT_EVIDENCE_MAX_MB politely, stops the download early and stores nothing', async () => {
    await reported('zhang01', undefined, { BOT_EVIDENCE_MAX_MB: '1' })
    // Larger than loopback's socket buffers, so a download read to its end would show as complete.
    const downloadCode = fake.robot.receivedFile(Buffer.alloc(32 * 1024 * 1024, 7), { chunked: true })
    const { outcome } = await sendMedia({ staffId: 'zhang01', msgtype: 'file', downloadCode, fileName: '大文件.pdf' })
    expect(outcome).toMatchObject({ action: 'replied', intent: 'evidence' })
    expect(lastShown(DM('zhang01'))).toContain('佐证材料「大文件.pdf」未保存：超过 1 MB 的大小限制。')
    expect(await kept()).toEqual([])
    await fake.until(() => fake.robot.files.downloads.length === 1)
    expect(fake.robot.files.downloads[0]?.complete).toBe(false)
  })

  it('says so when DingTalk refuses the downloadCode, and stores nothing', async () => {
    await reported('zhang01')
    fake.refuseNext('/v1.0/robot/messageFiles/download', 400, { code: 'invalidParameter.downloadCode', message: 'expired' })
    const downloadCode = fake.robot.receivedFile(PDF)
    const { outcome } = await sendMedia({ staffId: 'zhang01', msgtype: 'file', downloadCode, fileName: '过期.pdf' })
    expect(outcome).toMatchObject({ action: 'replied', intent: 'evidence' })
    expect(lastShown(DM('zhang01'))).toContain('佐证材料「过期.pdf」未保存：文件没能从平台取回，请重新发送。')
    expect(await kept()).toEqual([])
    expect(h.logged.some((line) => line.includes('dingtalk: could not fetch a shared file'))).toBe(true)
  })
})
