import { SerialPasses } from './serial-passes';

describe('SerialPasses', () => {
  it('never overlaps passes, and triggers during a pass make exactly one more', async () => {
    let running = 0;
    let most = 0;
    let passes = 0;
    let release: () => void = () => undefined;
    const passes$ = new SerialPasses(async () => {
      running++;
      most = Math.max(most, running);
      passes++;
      await new Promise<void>((resolve) => (release = resolve));
      running--;
    });
    passes$.trigger();
    passes$.trigger();
    passes$.trigger();
    expect(passes).toBe(1);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(passes).toBe(2);
    release();
    await passes$.current;
    await new Promise((resolve) => setImmediate(resolve));
    expect(passes).toBe(2);
    expect(most).toBe(1);
    expect(passes$.current).toBeNull();
  });
});
