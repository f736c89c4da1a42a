import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, IsUUID, Validate, ValidateNested } from 'class-validator';
import { EMITTABLE_EVENT_TYPES } from '@ledger/domain';
import { IsInstant } from '../../common/is-instant.validator';
import { IsStreamId } from '../../common/stream-id';
import { SkipIfAbsent } from './skip-if-absent.decorator';
import { SubjectReferenceDto } from './subject-reference.dto';

/** The envelope of one fact (DESIGN.md, HTTP contract). `data` is checked against its type's schema. */
export class EventEnvelopeDto {
  @ApiProperty({ format: 'uuid', description: 'chosen by the emitter; a retry with the same id is idempotent' })
  @IsUUID('all')
  id: string;

  @ApiProperty({ enum: EMITTABLE_EVENT_TYPES })
  @IsString()
  @IsIn(EMITTABLE_EVENT_TYPES as string[], { message: '$property must be a v1 event type, e.g. PersonalDataCollected' })
  type: string;

  @ApiProperty({ example: '2024-03-01T10:00:00Z', description: 'business time, from the emitter' })
  @Validate(IsInstant)
  occurredAt: string;

  @ApiPropertyOptional({ type: SubjectReferenceDto, description: 'on subject events' })
  @SkipIfAbsent()
  @IsObject()
  @ValidateNested()
  @Type(() => SubjectReferenceDto)
  subject?: SubjectReferenceDto;

  @ApiPropertyOptional({ example: 'B-2025-01', description: 'on breach events' })
  @SkipIfAbsent()
  @IsString()
  @IsStreamId()
  breachId?: string;

  @ApiPropertyOptional({ example: 'openprovider', description: 'on recipient events' })
  @SkipIfAbsent()
  @IsString()
  @IsStreamId()
  recipientId?: string;

  @ApiPropertyOptional({ example: 'customer-accounts', description: 'on activity events' })
  @SkipIfAbsent()
  @IsString()
  @IsStreamId()
  activityId?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "the type's fields; see the catalog schemas" })
  @IsObject()
  data: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { email: 'jan@example.nl' },
    description: 'personal values: encrypted per subject at rest, shredded on erasure',
  })
  @SkipIfAbsent()
  @IsObject()
  personal?: Record<string, string | number | boolean | null>;
}

export const MAX_BATCH = 1000;

export class EventBatchDto {
  @ApiProperty({ type: [EventEnvelopeDto], maxItems: MAX_BATCH })
  events: EventEnvelopeDto[];
}
