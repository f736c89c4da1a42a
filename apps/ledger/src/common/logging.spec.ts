import { redactUrl } from './logging';

describe('log redaction', () => {
  it('keeps the names of query parameters and drops their values', () => {
    expect(redactUrl('/v1/subjects?system=crm&externalId=C-1001')).toBe('/v1/subjects?system=[redacted]&externalId=[redacted]');
    expect(redactUrl('/v1/subjects/0190/events')).toBe('/v1/subjects/0190/events');
    expect(redactUrl('/v1/findings?')).toBe('/v1/findings?');
  });
});
