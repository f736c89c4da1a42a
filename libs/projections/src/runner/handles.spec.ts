import type { RecordedEvent } from '@ledger/event-store';
import { allProjections } from '../all-projections';
import { READ_MODEL_NAMES } from '../projection-names';
import { handledBy } from './handles';

const event = (streamId: string, type: string) => ({ streamId, type }) as RecordedEvent;

describe('what a projection handles', () => {
  it('passes the stream kinds and types declared, and nothing else', () => {
    const handles = handledBy({ subject: ['PersonalDataCollected'], breach: 'all' });
    expect(handles(event('subject-1', 'PersonalDataCollected'))).toBe(true);
    expect(handles(event('subject-1', 'ConsentGiven'))).toBe(false);
    expect(handles(event('breach-b', 'BreachDetected'))).toBe(true);
    expect(handles(event('recipient-r', 'RecipientRegistered'))).toBe(false);
    expect(handles(event('$ledger-x', 'PersonalDataCollected'))).toBe(false);
  });

  it('is declared by every read model, whose names are the typed list', () => {
    const projections = allProjections({ accountRetentionMonths: 24 });
    expect(projections.map((p) => p.name)).toEqual([...READ_MODEL_NAMES]);
    for (const p of projections) expect(Object.keys(p.handles ?? {}).length).toBeGreaterThan(0);
  });
});
