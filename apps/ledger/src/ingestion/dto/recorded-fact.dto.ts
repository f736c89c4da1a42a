import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RecordedFactDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'subject-6f1c…' }) stream: string;
  @ApiProperty() revision: number;
  @ApiProperty({ description: 'global log position; pass as ?minPosition= to read your write' }) position: number;
  @ApiPropertyOptional({ description: 'the pseudonymous subject id the ledger assigned' }) subjectId?: string;
}

export class RecordedBatchItemDto extends RecordedFactDto {
  @ApiProperty({ description: 'recorded before with the same content; nothing written' }) duplicate: boolean;
}

export class RecordedFactsDto {
  @ApiProperty({ type: [RecordedBatchItemDto] }) events: RecordedBatchItemDto[];
}
