import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/** Runs only the Telegram simulator tests, without the project's globalSetup (no DB needed). */
export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: {
    include: ['tests/fakes/telegram-simulator.test.ts'],
    pool: 'threads',
    testTimeout: 15_000,
    hookTimeout: 15_000,
  },
})
