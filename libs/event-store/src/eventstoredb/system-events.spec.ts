import { isSystemEvent } from './system-events';

describe('isSystemEvent', () => {
  it.each([
    ['$epochs', 'Epoch', true],
    ['$$subject-1', '$metadata', true],
    ['ledger-claim-x', '$ledger-claim', true],
    ['subject-1', 'PersonalDataCollected', false],
    ['subject-$1', 'Tested', false],
  ])('%s / %s: %p', (stream, type, system) => {
    expect(isSystemEvent(stream, type)).toBe(system);
  });
});
