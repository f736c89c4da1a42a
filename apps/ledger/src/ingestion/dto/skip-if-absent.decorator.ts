import { ValidateIf } from 'class-validator';

/**
 * Like @IsOptional, except that only an absent property is skipped. @IsOptional skips null too,
 * which let `"breachId": null` through to be recorded on a stream named "breach-null".
 */
export const SkipIfAbsent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
