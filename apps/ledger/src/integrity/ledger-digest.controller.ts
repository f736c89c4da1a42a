import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DigestQueryDto } from './dto/digest-query.dto';
import { LedgerDigestService } from './ledger-digest.service';
import { Roles } from '../access/roles.decorator';

@ApiTags('integrity')
@Roles('dpo', 'regulator')
@Controller('v1/ledger')
export class LedgerDigestController {
  constructor(private readonly digests: LedgerDigestService) {}

  @Get('digest')
  @ApiOperation({
    summary: 'A signed digest: the Merkle root of every stream head at a position',
    description:
      'Keep digests outside the ledger (another system, WORM storage, mail to the DPO). ' +
      '`npm run ledger -- verify --digest FILE` later proves that everything a digest committed to is still there, unchanged.',
  })
  @ApiOkResponse({
    description: '{digest: {format, position, streams, root, issuedAt}, signature: {algorithm, keyId, value}, heads?: [{stream, revision, hash}]}',
  })
  async digest(@Query() query: DigestQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const body = await this.digests.digest(query.position === undefined ? undefined : Number(query.position), query.heads !== 'false');
    // Sent as computed and cached: already JSON.
    void reply.header('content-type', 'application/json; charset=utf-8');
    return body;
  }
}
