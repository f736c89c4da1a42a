import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, Role } from '@ledger/access';

export class SubjectReadDto {
  @ApiProperty({ description: 'position in the audit log' }) id: number;
  @ApiProperty({ example: '2025-03-01T10:00:00.000Z' }) at: string;
  @ApiProperty() keyId: string;
  @ApiProperty() keyName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional({ format: 'uuid', description: 'absent when a lookup by name found no subject' }) subjectId?: string;
  @ApiPropertyOptional({ example: 'customer-portal', description: 'on lookups by name: the system named (never the external id)' }) system?: string;
  @ApiProperty({ enum: ['disclosed', 'not-found'], description: '`not-found`: a lookup by name found no subject' }) outcome: 'disclosed' | 'not-found';
  @ApiProperty({
    description:
      'as stated in X-Purpose (kept sealed with the subject\'s identity key); "[erased]" once the subject is erased; "[not kept]" on a lookup that found no one',
  })
  purpose: string;
  @ApiProperty({ example: 'GET /v1/subjects/:subjectId/events' }) route: string;
}

export class AccessAuditPageDto {
  @ApiProperty({ type: [SubjectReadDto] }) entries: SubjectReadDto[];
  @ApiPropertyOptional({ description: 'pass as `cursor` (or `after`) for the next page; absent on the last page' }) next?: number;
}
