import type { Projection } from '../runner/projection';
import { BreachesProjection } from './breaches.projection';
import { HistoryProjection } from './history.projection';
import { ProcessingRecordsProjection } from './processing-records.projection';
import { RecipientsProjection } from './recipients.projection';
import { RequestsProjection } from './requests.projection';
import { SubjectsProjection, SubjectsProjectionOptions } from './subjects.projection';

/** Every read model of the ledger, in the order they are listed to operators. */
export const allProjections = (options: SubjectsProjectionOptions): Projection[] => [
  new SubjectsProjection(options),
  new HistoryProjection(),
  new BreachesProjection(),
  new RecipientsProjection(),
  new ProcessingRecordsProjection(),
  new RequestsProjection(options.rules),
];
