import { FactReceipt, LedgerClient, facts } from '@privacy-ledger/client';

export const SYSTEM = 'signup-service';

export interface Signup {
  customerId: string;
  email: string;
  name: string;
  newsletter: boolean;
}

export interface ExportRequest {
  /** The request's id in our own ticketing (it answers to this id in the ledger too). */
  requestId: string;
  receivedAt: Date;
  /** Our export job's id: a UUID stored with the job, so a rerun of the job records the same fact. */
  jobId: string;
}

/**
 * The personal-data side of a small shop's account flows, told to the ledger as they happen:
 * a signup, the newsletter's mailing processor, and an export the customer asked for. The shop's
 * own work (accounts, mails, export files) is left out; the ledger calls are what a real service
 * makes.
 */
export class SignupService {
  constructor(private readonly ledger: LedgerClient) {}

  /** We collect the e-mail address and name to run the account (contract); the newsletter needs consent. */
  async signUp(signup: Signup): Promise<void> {
    const subject = this.ledger.subject(signup.customerId);
    await this.ledger.personalDataCollected({
      subject,
      data: {
        categories: ['user.contact.email', 'user.name'],
        purpose: 'account',
        legalBasis: 'contract',
        source: 'data-subject',
        system: SYSTEM,
        retention: { policy: 'account-lifetime' },
      },
      personal: { email: signup.email, name: signup.name },
    });
    if (signup.newsletter) {
      await this.ledger.consentGiven({ subject, data: { purpose: 'newsletter', categories: ['user.contact.email'] } });
    }
  }

  /** The newsletter goes out through a mailing processor in the US, under the EU-US Data Privacy Framework. */
  async shareWithMailer(customerId: string): Promise<void> {
    await this.ledger.personalDataSharedWithProcessor({
      subject: this.ledger.subject(customerId),
      data: {
        recipientId: 'mailer',
        categories: ['user.contact.email'],
        purpose: 'newsletter',
        legalBasis: 'consent',
        transfer: { country: 'US', safeguard: 'dpf' },
      },
    });
  }

  /** The customer asked for their data to take elsewhere (Art. 20): the request, then the export that answers it. */
  async exportData(customerId: string, request: ExportRequest): Promise<FactReceipt> {
    const subject = this.ledger.subject(customerId);
    await this.ledger.subjectRequestReceived({
      subject,
      occurredAt: request.receivedAt,
      data: { requestId: request.requestId, right: 'portability', channel: 'account-page' },
    });
    // … build and deliver the export file here …
    // The export is what answers the request: wait for the ledger's receipt before telling the customer it is done.
    return this.ledger.recordAndWait(
      facts.personalDataExported({
        id: request.jobId,
        subject,
        data: { requestId: request.requestId, right: 'portability', categories: ['user.contact.email', 'user.name'], format: 'json' },
      }),
    );
  }
}
