/**
 * BotReply → the Slack messages that carry it, in order. Pure: no client, no I/O.
 *
 * - A plain reply becomes one or more `text` messages, each at most 3,000 characters once escaped.
 * - A reply with `sections` (summaries) becomes Block Kit: a header, then one section block per
 *   group of lines (each ≤ 3,000 characters), at most 50 blocks a message, with plain `text` as the
 *   notification fallback.
 * - A reply with a `link` (the dashboard) gets a section with a button that opens it.
 * All user-visible text is escaped with `escapeMrkdwn`; header blocks are `plain_text`, which Slack
 * never parses for mentions, and are not escaped.
 */
import type { BotReply, ReplySection } from '../../core/message.js'
import { type SplitLimit, slackBlockLimit, splitReply } from '../chat/split-reply.js'
import { escapedLength, escapeMrkdwn } from './mrkdwn.js'

export interface HeaderBlock {
  type: 'header'
  text: { type: 'plain_text'; text: string; emoji: boolean }
}
export interface SectionBlock {
  type: 'section'
  text: { type: 'mrkdwn'; text: string }
  accessory?: LinkButton
}
/** A link button beside a section's text (the dashboard link of a summary); opening a URL needs no interactivity. */
export interface LinkButton {
  type: 'button'
  text: { type: 'plain_text'; text: string; emoji: boolean }
  url: string
  action_id: string
}
export type SlackBlock = HeaderBlock | SectionBlock

/** One chat message: `text` is always set (the fallback when blocks are present). */
export interface SlackMessage {
  text: string
  blocks?: SlackBlock[]
  /** Message metadata (the outbox id of a durable reply), so a sender taking over can see it was posted. */
  metadata?: { event_type: string; event_payload: Record<string, string | number> }
}

/** Slack's limits, in one place. */
export const SLACK_LIMITS = {
  /** Characters in a section block's text, and the most this adapter puts in one message `text`. */
  blockText: slackBlockLimit.max,
  /** Characters in a header block. */
  headerText: 150,
  /** Blocks in one message. */
  blocksPerMessage: 50,
} as const

/** Measures text as it will be sent (escaped), so no part outgrows the limit after escaping. */
const escapedLimit: SplitLimit = { max: SLACK_LIMITS.blockText, measure: escapedLength }

export function renderReply(reply: BotReply): SlackMessage[] {
  if (reply.sections && reply.sections.length > 0) return withButton(renderBlocks(reply.headline, reply.sections, reply.reply), reply.link)
  return renderText(reply.reply)
}

/** A plain reply, split in order into messages of at most 3,000 escaped characters; blank parts dropped. */
export function renderText(text: string): SlackMessage[] {
  return splitReply(text, escapedLimit)
    .filter((part) => part.trim() !== '')
    .map((part) => ({ text: escapeMrkdwn(part) }))
}

function renderBlocks(headline: string | undefined, sections: ReplySection[], plain: string): SlackMessage[] {
  const blocks: SlackBlock[] = []
  if (headline) blocks.push(...headlineBlocks(headline))
  for (const section of sections) blocks.push(...sectionBlocks(section))

  const messages: SlackMessage[] = []
  for (let i = 0; i < blocks.length; i += SLACK_LIMITS.blocksPerMessage) {
    const chunk = blocks.slice(i, i + SLACK_LIMITS.blocksPerMessage)
    const fallback = i === 0 ? escapeMrkdwn(plain) : chunk.map(blockText).join('\n')
    messages.push({ text: truncate(fallback, SLACK_LIMITS.blockText), blocks: chunk })
  }
  return messages
}

/** Adds the link as a button after the last block (a new message when the last one is full). */
function withButton(messages: SlackMessage[], link: BotReply['link']): SlackMessage[] {
  if (!link) return messages
  const button: SectionBlock = {
    ...section(`*${escapeMrkdwn(link.label)}*`),
    accessory: { type: 'button', text: { type: 'plain_text', text: link.label, emoji: true }, url: link.url, action_id: 'open_dashboard' },
  }
  const last = messages.at(-1)
  if (last?.blocks && last.blocks.length < SLACK_LIMITS.blocksPerMessage) last.blocks.push(button)
  else messages.push({ text: escapeMrkdwn(link.label), blocks: [button] })
  return messages
}

function headlineBlocks(headline: string): SlackBlock[] {
  if (headline.length <= SLACK_LIMITS.headerText) return [{ type: 'header', text: { type: 'plain_text', text: headline, emoji: true } }]
  // Too long for a header: keep every character, in bold section text instead.
  return splitReply(headline, escapedLimit).map((part) => section(`*${escapeMrkdwn(part)}*`))
}

/** `*title*` then the lines; a section longer than one block continues in further blocks. */
function sectionBlocks({ title, lines }: ReplySection): SlackBlock[] {
  const heading = title ? `*${escapeMrkdwn(title)}*` : ''
  const body = lines.join('\n')
  const firstRoom = { max: Math.max(SLACK_LIMITS.blockText - heading.length - 1, 500), measure: escapedLength }
  if (body === '') return heading ? [section(heading)] : []
  if (escapedLength(body) <= firstRoom.max) return [section(join(heading, escapeMrkdwn(body)))]
  const [first = '', ...rest] = splitReply(body, firstRoom)
  const continued = splitReply(rest.join('\n'), escapedLimit)
  return [section(join(heading, escapeMrkdwn(first))), ...continued.map((part) => section(escapeMrkdwn(part)))]
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } }
}

function join(heading: string, body: string): string {
  return heading ? `${heading}\n${body}` : body
}

function blockText(block: SlackBlock): string {
  return block.type === 'header' ? escapeMrkdwn(block.text.text) : block.text.text
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  // Do not cut inside an entity such as &amp;.
  const cut = text.slice(0, max - 1).replace(/&[a-z]*$/, '')
  return `${cut}…`
}
