import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Validate } from 'class-validator';
import { IsSubjectNamePart } from '../../common/is-subject-name-part.validator';
import { SkipIfAbsent } from './skip-if-absent.decorator';

/** The person a fact is about: the emitter's own (system, externalId), or the ledger's subjectId. */
export class SubjectReferenceDto {
  @ApiPropertyOptional({ example: 'customer-portal', description: 'the emitting system' })
  @SkipIfAbsent()
  @IsString()
  @Length(1, 200)
  @Validate(IsSubjectNamePart)
  system?: string;

  @ApiPropertyOptional({
    example: 'C-1001',
    description:
      "the subject's id in that system (personal data: encrypted at rest). NFKC-normalised, every dash read as '-'; refused with " +
      'control or format characters, whitespace at either end, or look-alike letters of another script',
  })
  @SkipIfAbsent()
  @IsString()
  @Length(1, 200)
  @Validate(IsSubjectNamePart)
  externalId?: string;

  @ApiPropertyOptional({ description: 'the ledger-assigned subject id, instead of system and externalId' })
  @SkipIfAbsent()
  @IsUUID()
  subjectId?: string;
}
