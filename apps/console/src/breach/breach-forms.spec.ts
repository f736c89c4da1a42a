import { BREACH_FORMS, emptyValues, toData } from './breach-forms';

describe('breach forms', () => {
  const fields = BREACH_FORMS.BreachDetected;

  it('turns the inputs into the data of a BreachDetected, times typed in Amsterdam as instants', () => {
    const values = {
      ...emptyValues(fields),
      awareAt: '2026-11-24T09:00',
      nature: ['confidentiality'],
      description: ' Laptop stolen ',
      categories: 'user.contact.email, user.name',
      approxSubjects: '120',
      approxRecords: '120',
      ongoing: false,
    };
    expect(toData(fields, values, 'Europe/Amsterdam')).toEqual({
      awareAt: '2026-11-24T08:00:00.000Z',
      nature: ['confidentiality'],
      description: 'Laptop stolen',
      categories: ['user.contact.email', 'user.name'],
      approxSubjects: 120,
      approxRecords: 120,
      ongoing: false,
    });
  });

  it('sends what was typed when it is not what the schema wants, so the ledger names the problem', () => {
    const data = toData(fields, { ...emptyValues(fields), approxSubjects: 'about ten', awareAt: 'yesterday' }, 'UTC');
    expect(data).toMatchObject({ approxSubjects: 'about ten', awareAt: 'yesterday' });
    expect(data).not.toHaveProperty('description');
  });
});
