import { IsIn, IsString, Length, Matches, Validate, ValidateIf, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { normalNamePart } from '@ledger/domain';
import type { ApiKeyRequest } from './api-key';
import { ROLES, Role } from './role';

const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;
export const MAX_SYSTEMS = 100;

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
  validate = (value: unknown, args: ValidationArguments) => systemsProblem((args.object as ApiKeyRequest).role, value) === undefined;
  defaultMessage = (args: ValidationArguments) => systemsProblem((args.object as ApiKeyRequest).role, args.value) ?? '';
}

/** Several decorators as one, applied as if stacked above a property in this order (the last first). */
const all =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, property) => {
    for (const decorate of [...decorators].reverse()) decorate(target, property);
  };

/** A key's name: printable text of 1 to 100 characters. */
export const IsApiKeyName = (): PropertyDecorator => all(IsString(), Length(1, 100), Matches(PRINTABLE, { message: 'name must be printable text' }));

export const IsApiKeyRole = (): PropertyDecorator => IsIn(ROLES as readonly string[] as string[], { message: `role must be one of ${ROLES.join(', ')}` });

/** Required for emitter keys, refused for the others. */
export const AreEmitterSystems = (): PropertyDecorator =>
  all(
    ValidateIf((request: ApiKeyRequest) => request.role === 'emitter' || request.systems !== undefined),
    Validate(EmitterSystems),
  );

/**
 * A key to create, with the rules it must meet (class-validator), as `ledger keys create`
 * checks it. POST /v1/admin/keys checks the same rules: its CreateApiKeyDto carries these
 * decorators beside the API's documentation.
 */
export class ApiKeyRequestRules implements ApiKeyRequest {
  @IsApiKeyName()
  name: string;

  @IsApiKeyRole()
  role: Role;

  @AreEmitterSystems()
  systems?: string[];
}
