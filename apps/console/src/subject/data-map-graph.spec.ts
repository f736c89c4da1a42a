import type { DataMap, ErasureStatus, HistoryEvent } from '../api/types';
import { dataMapGraph } from './data-map-graph';

const cpanel = { recipientId: 'cpanel', name: 'cPanel, L.L.C.', role: 'processor', country: 'US', outsideEea: true, safeguard: 'dpf' };
const shady = { recipientId: 'shady', name: 'Shady Ltd', country: 'RU', outsideEea: true };

/** C-1002 of the HostingHuis scenario, shortened: erased contact data that went to cPanel, which was never told. */
const map: DataMap = {
  subjectId: 's-1002',
  firstSeenAt: '2023-05-01T10:00:00.000Z',
  lastSeenAt: '2025-02-11T10:00:00.000Z',
  categories: [
    {
      category: 'user.contact.email',
      status: 'erased',
      purposes: ['service'],
      legalBases: ['contract'],
      sources: ['data-subject'],
      systems: ['customer-portal'],
      recipients: [cpanel, shady],
      breaches: [],
    },
    {
      category: 'user.financial',
      status: 'retained',
      purposes: ['invoicing'],
      legalBases: ['legal-obligation'],
      sources: ['data-subject'],
      systems: ['customer-portal'],
      recipients: [],
      breaches: [],
    },
  ],
  shredded: [],
  openFindings: [],
};

const shared = (recipientId: string, purpose: string, categories: string[]): HistoryEvent => ({
  id: recipientId,
  type: 'PersonalDataSharedWithProcessor',
  occurredAt: '2023-05-02T09:00:00.000Z',
  recordedAt: '2023-05-02T09:00:00.000Z',
  position: 1,
  data: { recipientId, purpose, categories },
});

const erasure: ErasureStatus = {
  subjectId: 's-1002',
  state: 'awaiting-recipients',
  awaitingSystems: [],
  awaitingRecipients: ['cpanel'],
  shreddedGroups: [],
  retainedGroups: [],
};
const columns: [string, string, string, string] = ['categories', 'purposes', 'recipients', 'countries'];

describe("a subject's data map as a flow", () => {
  const graph = dataMapGraph(map, [shared('cpanel', 'hosting', ['user.contact.email'])], erasure, columns);
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  const link = (source: string, target: string) => graph.links.find((l) => l.source === source && l.target === target);

  it('puts categories, purposes, recipients and countries in their columns', () => {
    expect(graph.nodes.map((n) => [n.column, n.label])).toEqual([
      [0, 'user.contact.email'],
      [0, 'user.financial'],
      [1, 'hosting'],
      [1, 'invoicing'],
      [1, 'service'],
      [2, 'cPanel, L.L.C.'],
      [2, 'Shady Ltd'],
      [3, 'RU'],
      [3, 'US'],
    ]);
  });

  it('links a recipient to the purpose it received the category for, or to the category when no sharing fact says', () => {
    expect(link('category:user.contact.email', 'purpose:hosting')).toBeDefined();
    expect(link('purpose:hosting', 'recipient:cpanel')).toBeDefined();
    expect(link('category:user.contact.email', 'recipient:cpanel')).toBeUndefined();
    expect(link('category:user.contact.email', 'recipient:shady')).toBeDefined();
  });

  it('marks erased and retained data, transfers outside the EEA, missing safeguards and recipients not told of the erasure', () => {
    expect(node('category:user.contact.email')?.marks).toEqual(['erased']);
    expect(node('category:user.financial')?.marks).toEqual(['retained']);
    expect(node('recipient:cpanel')?.marks).toEqual(['outsideEea', 'notToldOfErasure']);
    expect(node('recipient:shady')?.marks).toEqual(['outsideEea', 'noSafeguard']);
    expect(link('recipient:cpanel', 'country:US')).toMatchObject({ marks: [], label: 'dpf' });
    expect(link('recipient:shady', 'country:RU')).toMatchObject({ marks: ['noSafeguard'] });
  });

  it('takes an open erasure-not-propagated finding as "not told" too', () => {
    const finding = {
      id: 'f',
      rule: 'erasure-not-propagated',
      article: 'Art. 19',
      status: 'open' as const,
      dueAt: '',
      summary: '',
      detail: { recipientId: 'shady' },
    };
    const g = dataMapGraph({ ...map, openFindings: [finding] }, [], undefined, columns);
    expect(g.nodes.find((n) => n.id === 'recipient:shady')?.marks).toContain('notToldOfErasure');
    expect(g.nodes.find((n) => n.id === 'recipient:cpanel')?.marks).not.toContain('notToldOfErasure');
  });
});
