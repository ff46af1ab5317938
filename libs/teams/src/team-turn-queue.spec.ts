import { TeamTurnQueue } from './team-turn-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TeamTurnQueue', () => {
  it('runs the writes of one team one after the other, in call order, failures included', async () => {
    const queue = new TeamTurnQueue();
    const log: string[] = [];
    let running = 0;
    const write = (name: string, fail = false) =>
      queue.run('team_a', async () => {
        running++;
        expect(running).toBe(1);
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        running--;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([write('1'), write('2', true), write('3')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(queue.busy).toBe(0);
  });

  it('lets different teams, and writes without a team, run side by side', async () => {
    const queue = new TeamTurnQueue();
    let running = 0;
    let most = 0;
    const write = (teamId: string | null) =>
      queue.run(teamId, async () => {
        most = Math.max(most, ++running);
        await tick();
        running--;
      });
    await Promise.all([write('team_a'), write('team_b'), write(null), write(null)]);
    expect(most).toBe(4);
  });
});
