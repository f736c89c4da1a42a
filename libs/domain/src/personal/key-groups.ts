/**
 * Personal data is encrypted per subject and key group, so erasure can destroy identity and
 * contact data while the fiscal group survives its legal retention period.
 */
export const KEY_GROUPS = ['identity', 'contact', 'fiscal'] as const;
export type KeyGroup = (typeof KEY_GROUPS)[number];

const CONTACT_FIELDS = new Set([
  'email',
  'phone',
  'phonenumber',
  'mobile',
  'fax',
  'address',
  'street',
  'housenumber',
  'city',
  'postcode',
  'postalcode',
  'zip',
  'zipcode',
  'state',
  'country',
  'website',
  'url',
]);
const FISCAL_FIELDS = new Set([
  'iban',
  'bic',
  'bankaccount',
  'accountnumber',
  'bankname',
  'vatnumber',
  'taxid',
  'invoice',
  'invoicenumber',
  'invoiceaddress',
  'creditcard',
  'cardnumber',
  'paymentreference',
]);

/**
 * The key group of a `personal` field, by its name (case, `_` and `-` ignored). Anything not
 * recognisably contact or fiscal data is identity: the group that erasure always destroys.
 */
export function keyGroupOfField(field: string): KeyGroup {
  const name = field.toLowerCase().replace(/[_\-\s]/g, '');
  if (CONTACT_FIELDS.has(name)) return 'contact';
  if (FISCAL_FIELDS.has(name)) return 'fiscal';
  return 'identity';
}

/** The key group protecting data of a category: `user.contact.*` contact, financial and payment data fiscal. */
export function keyGroupOfCategory(category: string): KeyGroup {
  if (category === 'user.contact' || category.startsWith('user.contact.')) return 'contact';
  if (/^user\.(financial|payment)(\.|$)/.test(category)) return 'fiscal';
  return 'identity';
}

/**
 * Which group protects each `personal` field of a fact. When every category of the fact is
 * fiscal (an invoice), all its fields are fiscal, so they survive erasure with the fiscal duty;
 * otherwise the field name decides.
 */
export function groupPersonalFields(fields: readonly string[], categories: readonly string[] | undefined): Map<KeyGroup, string[]> {
  const allFiscal = !!categories?.length && categories.every((c) => keyGroupOfCategory(c) === 'fiscal');
  const groups = new Map<KeyGroup, string[]>();
  for (const field of fields) {
    const group = allFiscal ? 'fiscal' : keyGroupOfField(field);
    groups.set(group, [...(groups.get(group) ?? []), field]);
  }
  return groups;
}
