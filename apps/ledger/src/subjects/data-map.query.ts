import { Inject, NotFoundException } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataMap, Finding, dataMap } from '@ledger/domain';
import { ReadModels } from '@ledger/projections';
import type { Clock } from '@ledger/domain';
import { CLOCK } from '../infrastructure/clock';

export interface DataMapView extends DataMap {
  /** The subject's findings that are open now. */
  openFindings: Finding[];
}

/** What is held on a subject, per category, with recipients resolved from the register. */
export class DataMapQuery extends Query<DataMapView> {
  constructor(readonly subjectId: string) {
    super();
  }
}

@QueryHandler(DataMapQuery)
export class DataMapHandler implements IQueryHandler<DataMapQuery> {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ subjectId }: DataMapQuery): Promise<DataMapView> {
    const profile = this.readModels.profile(subjectId);
    if (!profile) throw new NotFoundException(`no facts are recorded for subject ${subjectId}`);
    // One register lookup per recipient, however many categories it received.
    const recipients = new Map([...profile.recipients.keys()].map((id) => [id, this.readModels.recipient(id)]));
    const map = dataMap(profile, (id) => recipients.get(id));
    return { ...map, openFindings: this.readModels.findings({ now: this.clock.now(), status: 'open', subjectId }) };
  }
}
