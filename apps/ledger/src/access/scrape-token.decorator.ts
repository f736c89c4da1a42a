import { SetMetadata } from '@nestjs/common';

export const SCRAPE_TOKEN_METADATA = 'ledger:scrape-token';

/**
 * A route that also accepts the metrics scrape token (LEDGER_METRICS_TOKEN) beside the keys its
 * @Roles name: a scraper's credential that reads metrics and nothing else.
 */
export const AcceptsScrapeToken = () => SetMetadata(SCRAPE_TOKEN_METADATA, true);
