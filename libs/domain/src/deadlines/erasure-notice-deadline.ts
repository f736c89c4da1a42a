import { addCalendarMonths } from '../time/calendar';

/**
 * Art. 19 sets no period; the ledger expects recipients to be told within the month the
 * controller has to answer the request (Art. 12(3)), counted from the erasure they must hear of.
 */
export const ERASURE_NOTICE_MONTHS = 1;

export const erasureNoticeDueAt = (erasedAt: string): string => addCalendarMonths(new Date(erasedAt), ERASURE_NOTICE_MONTHS).toISOString();
