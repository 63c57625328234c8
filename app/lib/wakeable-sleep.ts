/**
 * A sleep that can be cut short: `sleep(ms)` resolves true when `wake()` ended it, false when its time ran
 * out. A `wake()` while nobody sleeps makes the next sleep return at once (the work it announced is done
 * first).
 */
export class WakeableSleep {
  private wakeSleeper: (() => void) | null = null;
  private pending = false;

  wake(): void {
    this.pending = true;
    this.wakeSleeper?.();
  }

  sleep(ms: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeSleeper = null;
        resolve(false);
      }, ms);
      this.wakeSleeper = () => {
        this.wakeSleeper = null;
        this.pending = false;
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}
