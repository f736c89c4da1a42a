import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BreachRegisterEntry, Clock, breachRegisterEntry } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { OpenFindingsSummary, RegisterPages } from '@ledger/projections';
import { Roles } from '../access/roles.decorator';
import { ReadQueryDto } from '../projections/dto/read-query.dto';
import { CLOCK } from '../infrastructure/clock';
import { Freshness } from '../projections/freshness.service';

export interface Overview {
  /** The ledger's clock, which the buckets are counted from. */
  now: string;
  findings: OpenFindingsSummary;
  breaches: {
    /** Open breaches whose Art. 33 notification is required and not yet made: their 72-hour clock runs. */
    awaitingNotification: number;
    /** The first of them by notification deadline (at most BREACH_CLOCKS_SHOWN). */
    soonestDue: BreachRegisterEntry[];
  };
  ingest: {
    /** Events recorded in the 24 hours before `now`; null where the event store cannot tell cheaply (EventStoreDB). */
    lastDay: number | null;
  };
}

const DAY_MS = 86_400_000;
const BREACH_CLOCKS_SHOWN = 10;

/** What the DPO's first screen counts, counted by the ledger: nothing here grows with the number of findings. */
@ApiTags('findings')
@Roles('dpo')
@Controller('v1/overview')
export class OverviewController {
  constructor(
    private readonly pages: RegisterPages,
    private readonly freshness: Freshness,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Counts for the overview: open findings by rule and by due date (overdue, within 72 h, later), breaches whose 72-hour clock runs, and events recorded in the last day',
  })
  @ApiOkResponse({
    description:
      '{now, findings: {open, byDue: {overdue, within72h, later}, byRule: {rule: count}}, breaches: {awaitingNotification, soonestDue: [register entry]}, ingest: {lastDay}}',
  })
  async overview(@Query() q: ReadQueryDto): Promise<Overview> {
    await this.freshness.atLeast(['subjects', 'breaches'], q.minPosition);
    const now = this.clock.now();
    const lastDay = this.store.countRecordedSince ? await this.store.countRecordedSince(new Date(now.getTime() - DAY_MS)) : null;
    const awaiting = this.pages.breachesAwaitingNotification(BREACH_CLOCKS_SHOWN);
    return {
      now: now.toISOString(),
      findings: this.pages.openFindingsSummary(now),
      breaches: { awaitingNotification: awaiting.total, soonestDue: awaiting.first.map((b) => breachRegisterEntry(b, now)) },
      ingest: { lastDay },
    };
  }
}
