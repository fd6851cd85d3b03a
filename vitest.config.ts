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
    // files run in parallel, one per core, at least two. One project: vitest 4.1
    // gives projects of one sequence.groupOrder a single maxWorkers, so a serial
    // group for the browser and process tests could only run before or after the
    // rest, which is slower on 2 cores than letting them pair with a light file.
    // (With several projects, give each `env: { TEST_GROUP }`: tests/fixtures/run.ts.)
    // Forks: Bun 1.4.5 runs vitest's forks pool, and each file is its own process.
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism()),
  },
})
