import { Matches } from 'class-validator';

/** Ids that name streams and requests: `breach-B-2025-01`, `R-1002-1`. */
export const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** class-validator rule for such an id, with a message that says what is allowed. */
export const IsStreamId = () => Matches(STREAM_ID, { message: '$property must be 1-128 letters, digits, ".", "_", ":" or "-"' });
