import { writeFileSync } from 'node:fs'

/**
 * Preloaded into cold-start children (node [--import tsx] --import ./bench/exit-cpu.mjs src/ask.ts | scripts/launch.mjs ask);
 * plain JavaScript so it also preloads into the compiled build without a TypeScript loader:
 * on exit, writes the process's CPU time (user + system, ms) and peak RSS to BENCH_CPU_FILE. CPU time is far
 * steadier than wall time when other work shares the machine.
 */

const file = process.env.BENCH_CPU_FILE
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage()
    writeFileSync(file, JSON.stringify({ cpuMs: (user + system) / 1000, peakRss: process.resourceUsage().maxRSS * 1024 }))
  })
}
