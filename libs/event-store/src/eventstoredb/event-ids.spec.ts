import { toClientEventId } from './event-ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('toClientEventId', () => {
  it('keeps a lowercase UUID', () => {
    const id = '0b6f3c1e-5d1b-4a53-9d39-2a6f0f5f8a10';
    expect(toClientEventId(id)).toBe(id);
  });

  it('maps anything else to a stable version 5 UUID', () => {
    const mapped = toClientEventId('shred-subject-1');
    expect(mapped).toMatch(UUID);
    expect(mapped[14]).toBe('5');
    expect(toClientEventId('shred-subject-1')).toBe(mapped);
    expect(toClientEventId('shred-subject-2')).not.toBe(mapped);
  });

  it('keeps an uppercase UUID apart from its lowercase form', () => {
    const id = '0B6F3C1E-5D1B-4A53-9D39-2A6F0F5F8A10';
    expect(toClientEventId(id)).not.toBe(id.toLowerCase());
  });
});
