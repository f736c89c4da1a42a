import { setImmediate as nextTurn } from 'node:timers/promises';
import { KeyedSerializer } from './keyed-serializer';

describe('KeyedSerializer', () => {
  it('runs tasks for one key one at a time, in call order', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await nextTurn();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([serializer.run('k', task('a')), serializer.run('k', task('b'))]);
    expect(results).toEqual(['a', 'b']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('runs tasks for different keys side by side', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await nextTurn();
      log.push(`end ${name}`);
    };
    await Promise.all([serializer.run('k', task('a')), serializer.run('l', task('b'))]);
    expect(log).toEqual(['start a', 'start b', 'end a', 'end b']);
  });

  it('goes on after a task fails, and gives the failure to its caller only', async () => {
    const serializer = new KeyedSerializer();
    const failed = serializer.run('k', () => Promise.reject(new Error('boom')));
    const next = serializer.run('k', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
