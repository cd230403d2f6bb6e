/** The Slack adapter's public surface: main.ts uses `startSlackAdapter`; tests use `createSlackApp`. */
export { COMMAND_WORDS } from './addressing.js'
export { createSlackApp, type SlackAdapter, type SlackAppOptions } from './app.js'
export type { SlackIdentity } from './inbound.js'
export { APOLOGY, type SlackOutcome } from './responder.js'
export { startSlackAdapter } from './start.js'
