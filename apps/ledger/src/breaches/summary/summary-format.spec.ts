import { NotAcceptableException } from '@nestjs/common';
import { summaryFormat } from './summary-format';

describe('summary format', () => {
  it('is JSON unless asked otherwise', () => {
    expect(summaryFormat(undefined, undefined)).toBe('json');
    expect(summaryFormat(undefined, '*/*')).toBe('json');
    expect(summaryFormat(undefined, 'application/json')).toBe('json');
  });

  it('follows the Accept header', () => {
    expect(summaryFormat(undefined, 'application/pdf')).toBe('pdf');
    expect(summaryFormat(undefined, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe('html');
    expect(summaryFormat(undefined, 'application/json;q=0.5, application/pdf')).toBe('pdf');
    expect(summaryFormat(undefined, 'image/png, */*;q=0.1')).toBe('json');
  });

  it('lets ?format= win over the Accept header', () => {
    expect(summaryFormat('pdf', 'text/html')).toBe('pdf');
  });

  it('answers 406 when the client accepts none of the formats', () => {
    expect(() => summaryFormat(undefined, 'image/png')).toThrow(NotAcceptableException);
    expect(() => summaryFormat(undefined, 'application/pdf;q=0')).toThrow(NotAcceptableException);
  });

  it('takes no member of Object.prototype for a media range', () => {
    for (const accept of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(() => summaryFormat(undefined, accept)).toThrow(NotAcceptableException);
  });
});
