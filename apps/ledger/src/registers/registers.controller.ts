import { BadRequestException, Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/roles.decorator';
import { Clock, ControllerProfile, RecordOfProcessing, recordOfProcessing } from '@ledger/domain';
import { ReadModels, RecipientEntry } from '@ledger/projections';
import { CONTROLLER_PROFILE } from '../controller-profile/controller-profile.provider';
import { CLOCK } from '../infrastructure/clock';
import { ReadQueryDto } from '../projections/dto/read-query.dto';
import { Freshness } from '../projections/freshness.service';
import { RecordOfProcessingQueryDto } from './dto/record-of-processing-query.dto';

@ApiTags('registers')
@Controller('v1')
export class RegistersController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly freshness: Freshness,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONTROLLER_PROFILE) private readonly controller: ControllerProfile | null,
  ) {}

  @Get('recipients')
  @Roles('dpo')
  @ApiOperation({ summary: 'The processor/recipient register' })
  async recipients(@QueryParams() read: ReadQueryDto): Promise<{ recipients: RecipientEntry[] }> {
    await this.freshness.atLeast(['recipients'], read.minPosition);
    return { recipients: this.readModels.recipients() };
  }

  @Get('records-of-processing')
  @Roles('dpo', 'regulator')
  @ApiOperation({
    summary: 'The Art. 30(1) record, recipients with their countries and safeguards; processing no declared activity covers, and transfers without a safeguard, flagged',
    description: 'The declared activities come whole; the undeclared processing one page of purposes at a time (`limit`, `cursor` from `next`).',
  })
  async recordsOfProcessing(@QueryParams() query: RecordOfProcessingQueryDto): Promise<RecordOfProcessing> {
    await this.freshness.atLeast(['recipients', 'processing-records'], query.minPosition);
    const activities = this.readModels.activities();
    const declared = [...new Set(activities.flatMap((a) => a.declaration.purposes))];
    const page = this.readModels.undeclaredPurposes(declared, { after: query.cursor && decodeCursor(query.cursor), limit: query.limit + 1 });
    const undeclared = page.slice(0, query.limit);
    const more = page.length > query.limit;
    return recordOfProcessing({
      controller: this.controller,
      now: this.clock.now(),
      activities,
      recipients: this.readModels.recipients(),
      observed: this.readModels.observedProcessing([...declared, ...undeclared.map((u) => u.purpose)]),
      undeclared,
      ...(more ? { next: encodeCursor(undeclared[undeclared.length - 1].purpose) } : {}),
    });
  }
}

const encodeCursor = (purpose: string) => Buffer.from(JSON.stringify([purpose])).toString('base64url');

function decodeCursor(cursor: string): string {
  try {
    const [purpose] = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (typeof purpose === 'string' && purpose !== '') return purpose;
  } catch {
    // fall through: not one of ours
  }
  throw new BadRequestException('cursor is not one this API returned');
}
