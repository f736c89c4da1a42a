import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ErasureReceipt } from '@ledger/transparency';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../access/roles.decorator';
import { AuditSubjectRead } from '../../audit/audit-subject-read.decorator';
import { ErasureReceipts } from './erasure-receipts.service';

@ApiTags('erasure')
@Roles('dpo')
@Controller('v1/subjects/:subjectId/erasure/receipt')
export class ErasureReceiptController {
  constructor(private readonly receipts: ErasureReceipts) {}

  @Get()
  // It tells that this subject was erased, and when: recorded like every read of a subject's records.
  @AuditSubjectRead()
  @ApiOperation({
    summary: "A receipt of the subject's erasure: its SubjectDataShredded events, their inclusion proofs and a signed checkpoint",
    description: 'Holds no personal value. `npm run ledger -- verify-receipt FILE --public-key KEY` checks it offline. 404 while nothing is shredded.',
  })
  @ApiOkResponse({ description: '{format, subjectId, shredded: [{event, leafIndex, leafHash, hashes}], treeSize, checkpoint}' })
  async receipt(@Param('subjectId', new ParseUUIDPipe()) subjectId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ErasureReceipt> {
    const receipt = await this.receipts.of(subjectId);
    void reply.header('content-disposition', `attachment; filename="erasure-receipt-${subjectId}.json"`);
    return receipt;
  }
}
