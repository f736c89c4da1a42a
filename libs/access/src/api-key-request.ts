import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsString,
  Length,
  Matches,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { normalNamePart } from '@ledger/domain';
import { ROLES, Role } from '../role';

const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;
const MAX_SYSTEMS = 100;

/** The rule of an emitter's `subject.system`, and already in the normal form facts are recorded in ('crm', not 'ｃｒｍ'). */
const isSystemName = (value: unknown) => typeof value === 'string' && value.length <= 200 && normalNamePart(value).value === value;

/** Emitter keys need a list of systems; other keys may not have one. One message for each way to get it wrong. */
function systemsProblem(role: unknown, systems: unknown): string | undefined {
  if (role !== 'emitter') return 'systems are given to emitter keys only';
  if (!Array.isArray(systems) || systems.length === 0) return 'systems must list the systems whose facts this emitter key may append, e.g. ["crm"]';
  if (systems.length > MAX_SYSTEMS || !systems.every(isSystemName) || new Set(systems).size !== systems.length) {
    return `systems must be 1 to ${MAX_SYSTEMS} distinct names of 1 to 200 characters, each as facts name it (NFKC, every dash '-', no control or format characters, no spaces at the ends)`;
  }
  return undefined;
}

@ValidatorConstraint({ name: 'emitterSystems' })
class EmitterSystems implements ValidatorConstraintInterface {
  validate = (value: unknown, args: ValidationArguments) => systemsProblem((args.object as CreateApiKeyDto).role, value) === undefined;
  defaultMessage = (args: ValidationArguments) => systemsProblem((args.object as CreateApiKeyDto).role, args.value) ?? '';
}

/** A key to create (POST /v1/admin/keys, and `ledger keys create`). */
export class CreateApiKeyDto {
  @ApiProperty({ example: 'crm emitter', description: 'who or what holds the key', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(PRINTABLE, { message: 'name must be printable text' })
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as readonly string[] as string[], { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({
    type: [String],
    example: ['crm', 'customer-portal'],
    maxItems: MAX_SYSTEMS,
    description: 'emitter keys only, and required for them: the systems whose facts the key may append',
  })
  @ValidateIf((dto: CreateApiKeyDto) => dto.role === 'emitter' || dto.systems !== undefined)
  @Validate(EmitterSystems)
  systems?: string[];
}
