import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isValidInstant } from '@ledger/domain';

/** class-validator rule for the ledger's instants: ISO 8601 with an offset, a real calendar date. */
@ValidatorConstraint({ name: 'instant' })
export class IsInstant implements ValidatorConstraintInterface {
  validate = (value: unknown) => typeof value === 'string' && isValidInstant(value);
  defaultMessage = () => '$property must be an ISO 8601 date-time with offset, e.g. 2024-03-01T10:00:00Z';
}
