/**
 * Text crossing the Slack boundary, both ways.
 *
 * Out: everything the bot shows goes through `escapeMrkdwn`, because Slack reads `<…>` as links and
 * special mentions: an update that quotes `<!channel>` must not ping the whole channel when echoed.
 * Only `&`, `<` and `>` are escaped, as Slack asks (https://docs.slack.dev/messaging/formatting-message-text).
 *
 * In: Slack sends typed `<`, `>` and `&` as entities and wraps mentions and links in angle brackets.
 * `slackToPlain` turns that back into what the user typed, so the core (which never sees markup)
 * stores and quotes plain text. Special mentions such as `<!channel>` are kept verbatim: they are
 * what the user wrote, and on the way out they come back escaped.
 */

/** Escapes text for any mrkdwn field (message `text`, section blocks). Never call it twice on one string. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Length of a string once escaped, so replies can be split to fit Slack's limits after escaping. */
export function escapedLength(text: string): number {
  return escapeMrkdwn(text).length
}

/** `<@U123>` or `<@U123|name>`: a real user mention (autocompleted, not typed). */
const USER_MENTION = /<@([A-Z0-9]+)(?:\|[^>]*)?>/g
/** `<#C123|name>` or `<#C123>`. */
const CHANNEL_LINK = /<#([A-Z0-9]+)(?:\|([^>]*))?>/g
/** `<https://x|label>`, `<mailto:a@b|label>` or a bare `<https://x>`. */
const URL_LINK = /<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]*))?>/g

/**
 * Whether the text really mentions `botUserId` (Slack's `<@U…>` markup, which only autocomplete
 * produces); a typed 「@工作要点助手」 is not a mention.
 */
export function mentionsUser(text: string, botUserId: string): boolean {
  for (const match of text.matchAll(USER_MENTION)) if (match[1] === botUserId) return true
  return false
}

/**
 * Slack's wire text to the plain text a user typed: the bot's own mention removed, other people's
 * mentions as their namespaced user id (`slack:U123`, so 「批准 @张三」 names the id the core
 * knows), channel links as `#name`, links as 「label (URL)」 so the address a report points to is
 * stored with it (the URL alone when there is no other label), entities decoded. Special
 * mentions (`<!channel>`, `<!here>`) stay as they are.
 */
export function slackToPlain(text: string, botUserId: string): string {
  return text
    .replace(USER_MENTION, (_m, id: string) => (id === botUserId ? ' ' : ` slack:${id} `))
    .replace(CHANNEL_LINK, (_m, id: string, name?: string) => `#${name || id}`)
    .replace(URL_LINK, (_m, url: string, label?: string) => linkText(url, label))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
}

/** A link as the user should see it in stored text: the label and the URL, or the URL alone. */
function linkText(url: string, label: string | undefined): string {
  const bare = url.replace(/^(?:mailto|tel):/, '')
  if (!label || label === url || label === bare) return label || url
  return `${label} (${url})`
}
