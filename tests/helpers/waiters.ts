/**
 * Lets a fake's tests wait for a condition over what it recorded: `wake()` after every change,
 * `until(predicate)` resolves once it holds (checked on each wake and every 200 ms), or throws
 * after `timeoutMs` with `describe()` saying what was seen.
 */
export class Waiters {
  private waiters: Array<() => void> = []

  constructor(
    private readonly name: string,
    private readonly describe: () => string,
  ) {}

  wake(): void {
    for (const wake of this.waiters.splice(0)) wake()
  }

  async until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!predicate()) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`${this.name}: condition not met; ${this.describe()}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200))
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }
}
