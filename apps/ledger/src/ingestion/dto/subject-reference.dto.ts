import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { SkipIfAbsent } from './skip-if-absent.decorator';

const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;

/** The person a fact is about: the emitter's own (system, externalId), or the ledger's subjectId. */
export class SubjectReferenceDto {
  @ApiPropertyOptional({ example: 'customer-portal', description: 'the emitting system' })
  @SkipIfAbsent()
  @IsString()
  @Length(1, 200)
  @Matches(PRINTABLE, { message: 'system must be printable text' })
  system?: string;

  @ApiPropertyOptional({ example: 'C-1001', description: "the subject's id in that system (personal data: encrypted at rest)" })
  @SkipIfAbsent()
  @IsString()
  @Length(1, 200)
  @Matches(PRINTABLE, { message: 'externalId must be printable text' })
  externalId?: string;

  @ApiPropertyOptional({ description: 'the ledger-assigned subject id, instead of system and externalId' })
  @SkipIfAbsent()
  @IsUUID()
  subjectId?: string;
}
