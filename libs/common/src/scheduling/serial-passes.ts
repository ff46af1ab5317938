/**
 * Runs a background pass at most once at a time in this process: a trigger while a pass runs
 * asks for exactly one more pass after it (what arrived meanwhile is not left for the next
 * poll), and any number of triggers meanwhile still make one.
 */
export class SerialPasses {
  private pass: Promise<void> | null = null;
  private again = false;

  constructor(private readonly work: () => Promise<void>) {}

  trigger(): void {
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.work().finally(() => {
      this.pass = null;
      if (this.again) {
        this.again = false;
        this.trigger();
      }
    });
  }

  /** The pass in progress, if any: shutdown waits for it. */
  get current(): Promise<void> | null {
    return this.pass;
  }
}
