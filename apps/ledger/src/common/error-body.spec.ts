import { UnknownMasterKeyError } from '@ledger/vault';
import { toErrorBody } from './error-body';

describe('toErrorBody', () => {
  it('answers 503 when this ledger lacks the master key a key is wrapped by: another instance, or the operator, can help', () => {
    const answer = toErrorBody(new UnknownMasterKeyError('0123456789abcdef'));
    expect(answer).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(answer.message).toContain('master key');
  });
});
