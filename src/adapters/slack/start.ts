/**
 * Entry point used by main.ts (`npm run start:slack`): build the adapter, check the token, start
 * receiving. The returned `stop()` stops receiving and drains the send queue; main.ts closes the
 * runtime afterwards.
 */
import type { Runtime } from '../../boot.js'
import { createSlackApp } from './app.js'

export async function startSlackAdapter(runtime: Runtime): Promise<{ stop(): Promise<void> }> {
  const slack = createSlackApp(runtime)
  await slack.start()
  return { stop: () => slack.stop() }
}
