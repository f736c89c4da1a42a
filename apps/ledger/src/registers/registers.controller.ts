import { Controller, Get, Inject, Query as QueryParams } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/roles.decorator';
import { Clock, ControllerProfile, RecordOfProcessing, recordOfProcessing } from '@ledger/domain';
import { ReadModels, RecipientEntry } from '@ledger/projections';
import { CONTROLLER_PROFILE } from '../controller-profile/controller-profile.provider';
import { CLOCK } from '../infrastructure/clock';
import { ReadQueryDto } from '../projections/dto/read-query.dto';
import { Freshness } from '../projections/freshness.service';

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
  @ApiOperation({ summary: 'The Art. 30(1) record, with processing no declared activity covers flagged' })
  async recordsOfProcessing(@QueryParams() read: ReadQueryDto): Promise<RecordOfProcessing> {
    await this.freshness.atLeast(['recipients', 'processing-records'], read.minPosition);
    return recordOfProcessing({
      controller: this.controller,
      now: this.clock.now(),
      activities: this.readModels.activities(),
      recipients: this.readModels.recipients(),
      observed: this.readModels.observedProcessing(),
    });
  }
}
