import { SetMetadata } from '@nestjs/common';

export const PUBLIC_METADATA = 'ledger:public';

/** A route anyone may call without a key (liveness). Only ever for routes that reveal nothing. */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);
