/**
 * The one message shape every adapter converts its wire events into, and the one reply shape the
 * core gives back. Adapters only convert and render; everything else happens behind `Bot.handle`.
 */

/** Which door a message came through. Used for user ids and rendering, never for permissions. */
export type Platform = 'cli' | 'jsonl' | 'slack' | 'wechat' | 'wecom' | 'dingtalk'

export interface IncomingMessage {
  /** Raw text as typed; the core normalises it (NFKC, zero-width, traditional → simplified, @mention). */
  text: string
  /** Stable sender id, already namespaced by the adapter, e.g. `slack:U123`, `wechat:wxid_abc`,
   * `wecom:<userid>`, `dingtalk:<staffId>`. */
  user: string
  /** Display name for replies and the audit trail; falls back to `user`. */
  userName?: string
  /** Channel, room or conversation id; used for reminders and dedupe context. */
  channel?: string
  /**
   * Source message or event id. When present the core stores at most one progress update for it,
   * so a message delivered twice is recorded once.
   */
  messageId?: string
  platform: Platform
  /**
   * Files or pictures that came with the message (佐证材料), on doors that deliver files. A file
   * sent alone comes with the text EVIDENCE_CAPTION (「佐证材料」), or the caption the sender wrote.
   */
  files?: IncomingFile[]
}

/** The caption a door gives a file or picture sent without text: it attaches to the sender's last report. */
export const EVIDENCE_CAPTION = '佐证材料'

/**
 * A file as a door hands it to the core. Nothing is downloaded until the core has checked the
 * sender may attach it; `read` is called at most once and may stop early.
 */
export interface IncomingFile {
  /** The name as sent; pictures often have none. A door that learns it only from the download (WeCom) sets it when `read` resolves. */
  name?: string
  /** Size in bytes as the platform declares it, when known before downloading (refused early when too large). */
  size?: number
  /**
   * The bytes. The door stops (rejects with FileTooLargeError, or returns what it has, which the
   * core measures) once more than `maxBytes` arrive, so a huge file is never held in memory whole.
   */
  read(maxBytes: number): Promise<Uint8Array>
}

/** Thrown by IncomingFile.read when the file is larger than it was allowed to be. */
export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`file larger than ${limit} bytes`)
    this.name = 'FileTooLargeError'
  }
}

/** A task as the machine interface reports it: number, lead unit (or null) and all units in order. */
export interface TaskRef {
  number: number
  lead: string | null
  units: string[]
}

/** A titled group of lines; chat adapters may render these as blocks (Slack) or plain paragraphs. */
export interface ReplySection {
  title: string
  lines: string[]
}

export interface BotReply {
  /** The intent id that produced the reply (see `intents/`). */
  intent: string
  /** Complete plain-text reply. Adapters must escape it for their markup; it is never pre-escaped. */
  reply: string
  /** Ranked, most relevant first; empty when the plan has no answer. */
  tasks: TaskRef[]
  /** Present only when this message stored a progress update. */
  progress?: { id: number; task: number }
  /** Optional structured form of long replies (summaries): a headline and grouped sections. */
  headline?: string
  sections?: ReplySection[]
  /** A file produced for the user (台账 export); adapters upload or print its path. */
  file?: { path: string; name: string }
  /** A link the reply offers (the dashboard); its URL is also in `reply`. Slack renders a button. */
  link?: { url: string; label: string }
  /** The plan the answer quotes (its store key), when more than one plan is loaded. */
  plan?: string
}

/** The only thing adapters call. */
export interface Bot {
  handle(message: IncomingMessage): Promise<BotReply>
}
