import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { normalNamePart } from '@ledger/domain';

/**
 * class-validator rule for a subject's system or external id: a form the ledger can index so
 * that look-alike spellings name one subject (see normalNamePart). Says what is wrong, never
 * repeating the id.
 */
@ValidatorConstraint({ name: 'subjectNamePart' })
export class IsSubjectNamePart implements ValidatorConstraintInterface {
  validate = (value: unknown) => typeof value === 'string' && normalNamePart(value).problem === undefined;
  defaultMessage = (args: ValidationArguments) => `$property ${typeof args.value === 'string' ? normalNamePart(args.value).problem : 'must be a string'}`;
}
