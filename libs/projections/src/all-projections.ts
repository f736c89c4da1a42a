import type { Projection } from './runner/projection';
import type { ReadModelName } from './projection-names';
import { BreachesProjection } from './breaches/breaches.projection';
import { HistoryProjection } from './history/history.projection';
import { ProcessingRecordsProjection } from './processing-records/processing-records.projection';
import { RecipientsProjection } from './recipients/recipients.projection';
import { RequestsProjection } from './requests/requests.projection';
import { SubjectsProjection, SubjectsProjectionOptions } from './subjects/subjects.projection';

/** Every read model of the ledger, in the order they are listed to operators (READ_MODEL_NAMES). */
export const allProjections = (options: SubjectsProjectionOptions): Projection<ReadModelName>[] => [
  new SubjectsProjection(options),
  new HistoryProjection(),
  new BreachesProjection(),
  new RecipientsProjection(),
  new ProcessingRecordsProjection(),
  new RequestsProjection(options.rules),
];
