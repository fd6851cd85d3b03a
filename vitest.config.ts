import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // every file gets its own copy of the migrated database and its own Redis key prefix
    setupFiles: ['tests/file-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // files run in parallel, one per core (the tests wait on PostgreSQL, Redis and
    // child processes much of the time, but a browser or a spawned program needs a core)
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism()),
  },
})
