import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsStreamId } from '../../common/stream-id';
import { FINDING_RULES, FindingRule } from '@ledger/domain';
import { RegisterQueryDto } from '../../common/dto/register-query.dto';

export class FindingsQueryDto extends RegisterQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed', 'all'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'closed', 'all'])
  status: 'open' | 'closed' | 'all' = 'open';

  @ApiPropertyOptional({ enum: FINDING_RULES })
  @IsOptional()
  @IsIn(FINDING_RULES as unknown as string[])
  rule?: FindingRule;

  @ApiPropertyOptional({ enum: ['overdue', 'within72h', 'later'], description: 'when it falls due at the ledger clock: past it, within 72 hours, or later' })
  @IsOptional()
  @IsIn(['overdue', 'within72h', 'later'])
  due?: 'overdue' | 'within72h' | 'later';

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsStreamId()
  breachId?: string;
}
