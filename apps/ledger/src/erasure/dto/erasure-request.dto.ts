import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ERASURE_REQUEST_GROUNDS, ErasureRequestGround, TEXT_MAX } from '@ledger/domain';
import { IsStreamId } from '../../common/stream-id';

export class ErasureRequestDto {
  @ApiPropertyOptional({ description: "the request's id in your ticketing; one is made up when absent", example: 'R-1002-1' })
  @IsOptional()
  @IsStreamId()
  requestId?: string;

  @ApiPropertyOptional({
    description: 'the Art. 17(1) ground: art17-1a no longer necessary, -1b consent withdrawn, -1c objection, -1d unlawful processing, -1e legal obligation, -1f child and information society service',
    enum: ERASURE_REQUEST_GROUNDS,
    example: 'art17-1b',
  })
  @IsOptional()
  @IsIn(ERASURE_REQUEST_GROUNDS, { message: `$property must be an Art. 17(1) ground, one of: ${ERASURE_REQUEST_GROUNDS.join(', ')}` })
  ground?: ErasureRequestGround;

  @ApiPropertyOptional({
    description: 'free text about the request (it may name the person): sealed with the subject\'s identity key, readable until the subject is erased',
    example: 'asked by phone; identity checked against the contract',
  })
  @IsOptional()
  @IsString()
  @Length(1, TEXT_MAX)
  @Matches(/\S/, { message: '$property must not be blank' })
  note?: string;
}
