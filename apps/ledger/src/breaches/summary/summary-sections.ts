import { BREACH_NOTIFICATION_HOURS, BreachSummary, NotificationPhaseRecord, SignedBreachSummary } from '@ledger/domain';
import { canonicalJson } from '@ledger/event-store';
import { createHash } from 'node:crypto';

/** One labelled value of a section; a value may hold several lines. */
export type SummaryRow = [label: string, value: string];

export interface SummarySection {
  title: string;
  rows: SummaryRow[];
}

/** The summary as a person reads it: the same sections and words in the HTML and the PDF. */
export interface SummaryDocument {
  title: string;
  subtitle: string;
  sections: SummarySection[];
}

const PHASE_NAMES: Record<string, string> = { initial: 'Initial notification', 'follow-up': 'Follow-up notification', final: 'Final notification' };
const RISK_NAMES: Record<string, string> = {
  unlikely: 'unlikely to result in a risk to the rights and freedoms of natural persons',
  risk: 'likely to result in a risk to the rights and freedoms of natural persons',
  high: 'likely to result in a high risk to the rights and freedoms of natural persons',
  'not-assessed': 'not yet assessed',
};

/** 2025-06-12T10:00:00Z → 2025-06-12 10:00 UTC */
export const formatInstant = (iso: string): string => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const count = (n: number) => n.toLocaleString('en-US');
const hours = (h: number) => `${h.toLocaleString('en-US')} h`;
const list = (items: string[]) => (items.length ? items.join(', ') : 'none recorded');
const contact = (c: { name: string; email: string; phone?: string }) => [c.name, c.email, c.phone].filter(Boolean).join('\n');

/** The SHA-256 of the canonical JSON the signature covers: ties a printed summary to its JSON file. */
export const summaryDigest = (summary: BreachSummary): string => createHash('sha256').update(canonicalJson(summary)).digest('hex');

function phaseLine(p: NotificationPhaseRecord): string {
  return [
    `${PHASE_NAMES[p.phase]}: ${formatInstant(p.at)} to ${p.authority}`,
    p.reference ? `reference ${p.reference}` : undefined,
    p.hoursAfterAwareness !== undefined ? `${hours(p.hoursAfterAwareness)} after awareness` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

function notificationRows(s: BreachSummary): SummaryRow[] {
  const n = s.notification;
  const authority = n.supervisoryAuthority;
  const rows: SummaryRow[] = [
    ['Type', n.type === 'documented-only' ? 'Documented only (Art. 33(5)): assessed as unlikely to result in a risk, so not notifiable (Art. 33(1))' : PHASE_NAMES[n.type]],
    ['Supervisory authority', [`${authority.name} (${authority.country})`, authority.notificationChannel ? `via ${authority.notificationChannel}` : undefined, authority.url].filter(Boolean).join('\n')],
    ['Deadline', `${formatInstant(n.dueAt)} (${BREACH_NOTIFICATION_HOURS} hours after awareness, Art. 33(1))`],
  ];
  if (n.status === 'notified') rows.push(['Notified', `${formatInstant(n.notifiedAt!)}, ${hours(n.hoursAfterAwareness ?? 0)} after awareness${n.late ? ': late' : ': in time'}`]);
  else if (n.status === 'not-notified') rows.push(['Notified', n.hoursLeft! >= 0 ? `not yet: ${hours(n.hoursLeft!)} left` : `not yet: the deadline passed ${hours(-n.hoursLeft!)} ago`]);
  else rows.push(['Notified', 'not required']);
  if (n.late) rows.push(['Reason for the delay', n.delayReason ?? `none recorded; Art. 33(1) requires the reasons for a notification later than ${BREACH_NOTIFICATION_HOURS} hours`]);
  if (n.phases.length) rows.push(['Phases (Art. 33(4))', n.phases.map(phaseLine).join('\n')]);
  if (n.pendingInformation) rows.push(['Information to follow', n.pendingInformation]);
  return rows;
}

/** The sections of the EDPB common breach-notification template, then the signature. */
export function summaryDocument(signed: SignedBreachSummary): SummaryDocument {
  const s = signed.summary;
  const c = s.controller;
  const a = s.affected;
  const sc = s.subjectCommunication;
  const sections: SummarySection[] = [
    { title: '1. Type of notification', rows: notificationRows(s) },
    {
      title: '2. Controller, reporter and data protection officer — Art. 33(3)(b)',
      rows: [
        ['Controller', [c.name, c.address, c.registration].filter(Boolean).join('\n')],
        ['Controller contact', [c.contact.email, c.contact.phone].filter(Boolean).join('\n')],
        ...(c.representative ? [['Representative (Art. 27)', [c.representative.name, c.representative.address, c.representative.email].filter(Boolean).join('\n')] as SummaryRow] : []),
        ['Reporter', contact(s.reporter)],
        ['Data protection officer', contact(s.dpo)],
      ],
    },
    {
      title: '3. Nature of the breach, dates and duration — Art. 33(3)(a)',
      rows: [
        ['Breach reference', s.breachId],
        ['Nature', s.nature.types.map((t) => `${t} breach`).join(', ')],
        ['Description', s.nature.description],
        ...(s.nature.detectedBy ? [['Detected by', s.nature.detectedBy] as SummaryRow] : []),
        ['Started', s.nature.startedAt ? formatInstant(s.nature.startedAt) : 'unknown'],
        ['Ended', s.nature.endedAt ? formatInstant(s.nature.endedAt) : s.nature.ongoing ? 'ongoing' : 'unknown'],
        ['Controller aware', formatInstant(s.nature.awareAt)],
        ...(s.nature.durationHours !== undefined ? [['Duration', `${hours(s.nature.durationHours)}${s.nature.ongoing ? ' so far' : ''}`] as SummaryRow] : []),
      ],
    },
    {
      title: '4. Data subjects and personal data concerned — Art. 33(3)(a)',
      rows: [
        ['Categories of data subjects', list(a.subjectCategories)],
        ['Approximate number of data subjects', count(a.approxSubjects)],
        ['Approximate number of personal data records', count(a.approxRecords)],
        ['Categories of personal data', list(a.dataCategories)],
        ...(a.estimateRevisedAt ? [['Estimate revised', formatInstant(a.estimateRevisedAt)] as SummaryRow] : []),
      ],
    },
    {
      title: '5. Measures in place before the breach',
      rows: [
        ['For the data concerned', s.measuresInPlace.description ?? 'none recorded'],
        ...(s.measuresInPlace.generalSecurityMeasures ? [['General security measures', s.measuresInPlace.generalSecurityMeasures] as SummaryRow] : []),
      ],
    },
    {
      title: '6. Likely consequences — Art. 33(3)(c)',
      rows: [
        ['Risk', `${RISK_NAMES[s.consequences.risk]}${s.consequences.assessedAt ? ` (assessed ${formatInstant(s.consequences.assessedAt)})` : ''}`],
        ['Likely consequences', s.consequences.description ?? 'not yet assessed'],
      ],
    },
    {
      title: '7. Measures taken or proposed — Art. 33(3)(d)',
      rows: [
        ['Taken', s.measures.taken.map((m) => `${formatInstant(m.at)}: ${m.description}`).join('\n') || 'none recorded'],
        ['Proposed', s.measures.proposed.map((m) => `${formatInstant(m.at)}: ${m.description}`).join('\n') || 'none recorded'],
      ],
    },
    {
      title: '8. Communication to the data subjects — Art. 34',
      rows: [
        [
          'Required',
          sc.required ? 'yes: likely to result in a high risk (Art. 34(1))' : s.consequences.risk === 'not-assessed' ? 'not yet known: the risk is not assessed' : 'no: not assessed as high risk',
        ],
        ...(sc.notifiedAt ? [['Subjects told', `${formatInstant(sc.notifiedAt)} by ${sc.channel}${sc.approxSubjects !== undefined ? `, approx. ${count(sc.approxSubjects)} subjects` : ''}`] as SummaryRow] : []),
        ...(sc.exemption
          ? [
              ['Exemption', `${sc.exemption.article}: ${sc.exemption.condition}`] as SummaryRow,
              ['Explanation', sc.exemption.explanation] as SummaryRow,
            ]
          : []),
        ...(sc.status === 'not-notified' ? [['Subjects told', 'not yet'] as SummaryRow] : []),
      ],
    },
    ...(s.closure
      ? [{ title: 'Closure', rows: [['Closed', formatInstant(s.closure.closedAt)], ...(s.closure.summary ? [['Summary', s.closure.summary]] : [])] as SummaryRow[] }]
      : []),
    {
      title: 'Signature',
      rows: [
        ['Algorithm', `${signed.signature.algorithm}, over the canonical JSON (RFC 8785) of the summary`],
        ['Key id', signed.signature.keyId],
        ['Signature', signed.signature.value],
        ['SHA-256 of the signed content', summaryDigest(s)],
        ['To verify', `save the JSON form (?format=json) and run: ledger verify-summary FILE --public-key KEY, with KEY saved from GET /v1/keys/signing`],
      ],
    },
  ];
  return {
    title: `Personal data breach ${s.breachId}`,
    subtitle: `${s.notification.type === 'documented-only' ? 'Breach register entry (Art. 33(5))' : `${PHASE_NAMES[s.notification.type]} to the supervisory authority (Art. 33)`} — ${c.name} — generated ${formatInstant(s.generatedAt)}`,
    sections,
  };
}
