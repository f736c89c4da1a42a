import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../access/roles.decorator';
import { ReadQueryDto } from '../../projections/dto/read-query.dto';
import { LogCheckpoints } from './log-checkpoints.service';
import { LogTreeFreshness } from './log-tree-freshness';

@ApiTags('integrity')
@Roles('dpo', 'regulator')
@Controller('v1/ledger/checkpoint')
export class CheckpointController {
  constructor(
    private readonly checkpoints: LogCheckpoints,
    private readonly freshness: LogTreeFreshness,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The signed checkpoint of the log tree: origin, tree size and RFC 9162 root, as a C2SP tlog-checkpoint signed note',
    description:
      'Every event of the log, in log order, is a leaf. Keep checkpoints outside the ledger: any later checkpoint must extend them (GET /v1/ledger/proofs/consistency).',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: '<origin>\\n<tree size>\\n<base64 root hash>\\n\\n— <origin> <base64 of key ID and Ed25519 signature>\\n' })
  async checkpoint(@Query() read: ReadQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    await this.freshness.atLeast(read.minPosition);
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return this.checkpoints.signed().note;
  }
}
