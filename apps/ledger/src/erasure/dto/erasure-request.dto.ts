import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { ERASURE_REQUEST_GROUNDS, ErasureRequestGround, TEXT_MAX, isValidInstant } from '@ledger/domain';

@ValidatorConstraint({ name: 'isInstant' })
class IsInstantConstraint implements ValidatorConstraintInterface {
  validate = (value: unknown): boolean => typeof value === 'string' && isValidInstant(value);
  defaultMessage = (): string => '$property must be an ISO 8601 date-time with offset, e.g. 2026-11-20T09:30:00+01:00';
}
import { IsStreamId } from '../../common/stream-id';

export class ErasureRequestDto {
  @ApiPropertyOptional({ description: "the request's id in your ticketing; one is made up when absent", example: 'R-1002-1' })
  @IsOptional()
  @IsStreamId()
  requestId?: string;

  @ApiPropertyOptional({
    description:
      'the Art. 17(1) ground: art17-1a no longer necessary, -1b consent withdrawn, -1c objection, -1d unlawful processing, -1e legal obligation, -1f child and information society service',
    enum: ERASURE_REQUEST_GROUNDS,
    example: 'art17-1b',
  })
  @IsOptional()
  @IsIn(ERASURE_REQUEST_GROUNDS, { message: `$property must be an Art. 17(1) ground, one of: ${ERASURE_REQUEST_GROUNDS.join(', ')}` })
  ground?: ErasureRequestGround;

  @ApiPropertyOptional({
    description: "free text about the request (it may name the person): sealed with the subject's identity key, readable until the subject is erased",
    example: 'asked by phone; identity checked against the contract',
  })
  @IsOptional()
  @IsString()
  @Length(1, TEXT_MAX)
  @Matches(/\S/, { message: '$property must not be blank' })
  note?: string;

  @ApiPropertyOptional({
    description: 'when the request was received (ISO 8601 with offset; not in the future): its Art. 12(3) month runs from then; default now',
    example: '2026-11-20T09:30:00+01:00',
  })
  @IsOptional()
  @IsString()
  @Validate(IsInstantConstraint)
  receivedAt?: string;
}
