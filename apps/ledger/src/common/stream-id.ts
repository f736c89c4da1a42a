import { applyDecorators } from '@nestjs/common';
import { IsNotIn, Matches } from 'class-validator';
import { RESERVED_NAMES } from '@ledger/domain';

/** Ids that name streams and requests: `breach-B-2025-01`, `R-1002-1`. */
export const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * class-validator rule for such an id, with a message that says what is allowed. Names of
 * Object.prototype's members are refused like every label (fragments.ts, RESERVED_NAMES).
 */
export const IsStreamId = () =>
  applyDecorators(
    Matches(STREAM_ID, { message: '$property must be 1-128 letters, digits, ".", "_", ":" or "-"' }),
    IsNotIn([...RESERVED_NAMES], { message: '$property is a reserved name (a member of Object.prototype)' }),
  );
