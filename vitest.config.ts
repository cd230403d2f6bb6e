import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Native modules (nodejieba, better-sqlite3) and child-process tests are happier in forks.
    pool: 'forks',
  },
})
