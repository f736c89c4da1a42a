import { factsOutsideScope } from './emitter-scope';

const fact = (subject: unknown, data: Record<string, unknown> = {}) => ({ id: 'x', type: 'ConsentGiven', subject, data });

describe('factsOutsideScope', () => {
  const systems = ['crm', 'billing'];

  it("accepts subject events of the key's systems", () => {
    expect(factsOutsideScope(systems, fact({ system: 'crm', externalId: '1' }), 'one')).toEqual([]);
    expect(factsOutsideScope(systems, fact({ system: 'billing', externalId: '1' }, { system: 'crm' }), 'one')).toEqual([]);
  });

  it("judges a subject's system by the form it is recorded in", () => {
    expect(factsOutsideScope(systems, fact({ system: 'ｃｒｍ', externalId: '1' }), 'one')).toEqual([]);
    expect(factsOutsideScope(['ｃｒｍ'], fact({ system: 'crm', externalId: '1' }), 'one')).toEqual([]);
    expect(factsOutsideScope(systems, fact({ system: '\u0441rm', externalId: '1' }), 'one').map((p) => p.path)).toEqual(['subject.system']);
  });

  it.each([
    ['another subject.system', fact({ system: 'hr', externalId: '1' }), 'subject.system'],
    ['another data.system', fact({ system: 'crm', externalId: '1' }, { system: 'hr' }), 'data.system'],
    ['a data.system that is not a string', fact({ system: 'crm', externalId: '1' }, { system: ['crm'] }), 'data.system'],
    ["a subject named by the ledger's subjectId", fact({ subjectId: '0b6f3c1e-5d1b-4a53-9d39-2a6f0f5f8a10' }), 'subject'],
    ['a breach event', { type: 'BreachDetected', breachId: 'B-1', data: {} }, 'subject'],
    ['a subject that is not an object', fact('crm'), 'subject'],
    ['a system inherited from the prototype', fact(Object.create({ system: 'crm' })), 'subject'],
  ])('refuses %s', (_, body, path) => {
    expect(factsOutsideScope(systems, body, 'one').map((p) => p.path)).toContain(path);
  });

  it('names every refused item of a batch by index', () => {
    const events = [fact({ system: 'crm', externalId: '1' }), fact({ system: 'hr', externalId: '2' }), 'not an event', fact({ subjectId: 'x' })];
    expect(factsOutsideScope(systems, { events }, 'batch').map((p) => p.index)).toEqual([1, 3]);
  });

  it('leaves bodies that hold no facts to validation', () => {
    expect(factsOutsideScope(systems, 'text', 'one')).toEqual([]);
    expect(factsOutsideScope(systems, { events: 'x' }, 'batch')).toEqual([]);
    expect(factsOutsideScope(systems, [fact({ system: 'hr' })], 'batch')).toEqual([]);
  });
});
