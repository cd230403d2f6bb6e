import type { Runtime } from '../../src/boot.js'
import type { Platform } from '../../src/core/message.js'

/**
 * Test setup straight through the core: binds `user` (a namespaced id, `wecom:zhangsan`) to
 * 知识产权促进科 and logs `count` long updates on task 20, so 「第20条全部进展」 is longer than one
 * chat message (about 190 UTF-8 bytes an update).
 */
export async function seedProgress(runtime: Pick<Runtime, 'bot'>, user: string, platform: Platform, count: number): Promise<void> {
  await runtime.bot.handle({ user, platform, text: '我是知识产权促进科的' })
  for (let i = 1; i <= count; i++)
    await runtime.bot.handle({
      user,
      platform,
      text: `进度 20 第${i}次报送：完成重点企业走访、专利导航和政策宣讲，跟踪企业${i}家，情况良好`,
      messageId: `seed-${i}`,
    })
}
