import { z } from 'zod'

/**
 * Settings of the WeCom (企业微信智能机器人) and DingTalk (钉钉 Stream) doors, spread into the one
 * Config schema (config.ts). Their messages are in Chinese: the people who set them up read the
 * admin consoles in Chinese, and each message names the console field to copy. Required values are
 * checked by `requireDoorSettings` only when that door is started.
 */

/** A credential copied from a console: no spaces inside (a pasted line break is a common slip). */
const credential = (name: string) => z.string().trim().regex(/^\S+$/, `${name} 不能含空格或换行，请从管理后台重新复制`).optional()

/** A URL of one of the given protocols, e.g. wss: for WeCom's long connection. */
const urlOf = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine(
      (s) => {
        try {
          return protocols.includes(new URL(s).protocol)
        } catch {
          return false
        }
      },
      `应是以 ${protocols.map((p) => `${p}//`).join(' 或 ')} 开头的完整地址，例如 ${example}`,
    )

/** DingTalk's public endpoints; 浙政钉 and other private deployments give their own. */
export const DINGTALK_DEFAULTS = {
  endpoint: 'https://api.dingtalk.com/v1.0/gateway/connections/open',
  api: 'https://api.dingtalk.com',
  oapi: 'https://oapi.dingtalk.com',
} as const

export const DoorSettings = {
  /** 企业微信管理后台 → 智能机器人 → API 模式（长连接）: Bot ID and Secret. */
  WECOM_BOT_ID: credential('WECOM_BOT_ID'),
  WECOM_BOT_SECRET: credential('WECOM_BOT_SECRET'),
  /** The long-connection address; unset: the SDK's wss://openws.work.weixin.qq.com (政务微信 gives its own). */
  WECOM_WS_URL: urlOf(['ws:', 'wss:'], 'wss://openws.work.weixin.qq.com').optional(),
  /** 钉钉开放平台 → 应用 → 凭证与基础信息: Client ID (AppKey) and Client Secret (AppSecret). */
  DINGTALK_CLIENT_ID: credential('DINGTALK_CLIENT_ID'),
  DINGTALK_CLIENT_SECRET: credential('DINGTALK_CLIENT_SECRET'),
  /** The Stream gateway's connections/open URL (the SDK hard-codes DingTalk's public one). */
  DINGTALK_ENDPOINT_URL: urlOf(['http:', 'https:'], DINGTALK_DEFAULTS.endpoint).default(DINGTALK_DEFAULTS.endpoint),
  /** Base of the OpenAPI (token, robot messages). */
  DINGTALK_API_URL: urlOf(['http:', 'https:'], DINGTALK_DEFAULTS.api).default(DINGTALK_DEFAULTS.api),
  /** Base of the older API that takes file uploads (media/upload). */
  DINGTALK_OAPI_URL: urlOf(['http:', 'https:'], DINGTALK_DEFAULTS.oapi).default(DINGTALK_DEFAULTS.oapi),
  /** The organisation (corpId) whose members the bot answers; unset: the bot's own, as each message names it. */
  DINGTALK_CORP_ID: credential('DINGTALK_CORP_ID'),
}

type DoorValues = { [K in keyof typeof DoorSettings]: z.infer<(typeof DoorSettings)[K]> }

const REQUIRED: Record<'wecom' | 'dingtalk', { name: keyof DoorValues; where: string }[]> = {
  wecom: [
    { name: 'WECOM_BOT_ID', where: '企业微信管理后台 → 应用管理 → 智能机器人 → 该机器人 → API 模式（长连接）中的 Bot ID' },
    { name: 'WECOM_BOT_SECRET', where: '企业微信管理后台 → 应用管理 → 智能机器人 → 该机器人 → API 模式（长连接）中的 Secret' },
  ],
  dingtalk: [
    { name: 'DINGTALK_CLIENT_ID', where: '钉钉开放平台 → 应用开发 → 该应用 → 凭证与基础信息中的 Client ID（原 AppKey）' },
    { name: 'DINGTALK_CLIENT_SECRET', where: '钉钉开放平台 → 应用开发 → 该应用 → 凭证与基础信息中的 Client Secret（原 AppSecret）' },
  ],
}

/** Adds an issue for each setting the chosen door cannot start without. */
export function requireDoorSettings(c: Partial<DoorValues> & { adapter: string }, ctx: z.RefinementCtx): void {
  if (c.adapter !== 'wecom' && c.adapter !== 'dingtalk') return
  for (const { name, where } of REQUIRED[c.adapter])
    if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: `未设置 ${name}：请填写${where}` })
}
