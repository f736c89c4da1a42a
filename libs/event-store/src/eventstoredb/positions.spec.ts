import { START } from '@eventstore/db-client';
import { START as PORT_START } from '../port/log-position';
import { toClientPosition, toLogPosition, toReadPosition } from './positions';

describe('positions', () => {
  it('maps client positions to the port and back', () => {
    const client = { commit: 1_234_567n, prepare: 1_234_500n };
    expect(toLogPosition(client)).toEqual({ commit: 1_234_567, prepare: 1_234_500 });
    expect(toClientPosition(toLogPosition(client))).toEqual(client);
  });

  it('reads $all from the start when no position or the START sentinel is given', () => {
    expect(toReadPosition(undefined)).toBe(START);
    expect(toReadPosition(PORT_START)).toBe(START);
    expect(toReadPosition({ commit: 0, prepare: 0 })).toEqual({ commit: 0n, prepare: 0n });
  });
});
