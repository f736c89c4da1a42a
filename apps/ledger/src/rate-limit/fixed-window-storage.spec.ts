import { FixedWindowStorage } from './fixed-window-storage';

describe('FixedWindowStorage', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('allows the limit in a window, then blocks with the time left, then allows again', async () => {
    const storage = new FixedWindowStorage();
    const hit = () => storage.increment('key:a', 60_000, 3, 60_000);
    for (let i = 1; i <= 3; i++) expect(await hit()).toMatchObject({ totalHits: i, isBlocked: false });
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    jest.advanceTimersByTime(30_000);
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    jest.advanceTimersByTime(30_000);
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('counts each tracker on its own', async () => {
    const storage = new FixedWindowStorage();
    expect(await storage.increment('key:a', 1000, 1, 1000)).toMatchObject({ isBlocked: false });
    expect(await storage.increment('key:a', 1000, 1, 1000)).toMatchObject({ isBlocked: true });
    expect(await storage.increment('key:b', 1000, 1, 1000)).toMatchObject({ isBlocked: false });
  });
});
