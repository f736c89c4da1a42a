import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../access/roles.decorator';
import { ConsistencyQueryDto } from './dto/consistency-query.dto';
import { InclusionQueryDto } from './dto/inclusion-query.dto';
import { ConsistencyProofView, InclusionProofView, LogProofs } from './log-proofs.service';
import { LogTreeFreshness } from './log-tree-freshness';

const size = (text: string | undefined) => (text === undefined ? undefined : Number(text));

@ApiTags('integrity')
@Roles('dpo', 'regulator')
@Controller('v1/ledger/proofs')
export class LogProofsController {
  constructor(
    private readonly proofs: LogProofs,
    private readonly freshness: LogTreeFreshness,
  ) {}

  @Get('inclusion')
  @ApiOperation({
    summary: "An event's inclusion proof (RFC 9162 §2.1.3) in the log tree, with the signed checkpoint it leads to",
    description:
      'Leaf = SHA-256(0x00 || "<eventId>\\n<eventHash>"). 404 for an event not (yet) in the tree: pass ?minPosition= with the position its append returned to wait for it (up to 5 s).',
  })
  @ApiOkResponse({ description: '{eventId, leafIndex, treeSize, leafHash, hashes, checkpoint, eventHash}; hashes base64' })
  async inclusion(@Query() q: InclusionQueryDto): Promise<InclusionProofView> {
    await this.freshness.atLeast(q.minPosition);
    return this.proofs.inclusion(q.eventId, size(q.treeSize));
  }

  @Get('consistency')
  @ApiOperation({
    summary: 'A consistency proof (RFC 9162 §2.1.4): the tree of `from` events is a prefix of the tree of `to` events',
    description: 'Proves that the log a checkpoint kept earlier committed to is still the start of the log today.',
  })
  @ApiOkResponse({ description: '{fromSize, toSize, hashes, checkpoint}; hashes base64' })
  async consistency(@Query() q: ConsistencyQueryDto): Promise<ConsistencyProofView> {
    await this.freshness.atLeast(q.minPosition);
    return this.proofs.consistency(size(q.from), size(q.to));
  }
}
