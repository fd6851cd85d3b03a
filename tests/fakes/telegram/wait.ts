import type { SimState } from './state'

/**
 * Resolves with the first truthy value of `check()`, re-evaluated on every
 * simulator state change; rejects after `timeoutMs` with `describe()` appended.
 */
export function waitUntil<T>(
  state: SimState,
  check: () => T | undefined | null | false,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false
    let off = () => {}
    const finish = () => {
      done = true
      off()
      clearTimeout(timer)
    }
    const test = () => {
      if (done) return
      let value: T | undefined | null | false
      try {
        value = check()
      } catch (e) {
        finish()
        reject(e)
        return
      }
      if (value !== undefined && value !== null && value !== false) {
        finish()
        resolve(value)
      }
    }
    const timer = setTimeout(() => {
      if (done) return
      finish()
      reject(new Error(`telegram-sim: timed out after ${timeoutMs} ms. ${describe()}`))
    }, timeoutMs)
    off = state.onChange(test)
    test()
  })
}
