import type { client } from './http';

type Api = ReturnType<typeof client>;

/**
 * Records facts one by one (each must be 201) and remembers the furthest log position, so that
 * reads can ask for read models that include every fact recorded so far (?minPosition=).
 */
export function factRecorder(api: () => Api) {
  let position = 0;
  return {
    get position(): number {
      return position;
    },
    async record(fact: Record<string, unknown>): Promise<Record<string, any>> {
      const res = await api().post('/v1/events', fact);
      expect(res.status).toBe(201);
      position = Math.max(position, res.body.position);
      return res.body;
    },
    /** `path` with ?minPosition= at the furthest fact recorded. */
    fresh: (path: string): string => `${path}${path.includes('?') ? '&' : '?'}minPosition=${position}`,
  };
}
