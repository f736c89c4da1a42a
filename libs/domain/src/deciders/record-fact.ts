import { NewFact } from './decider';

/** Every stream accepts a well-formed fact as it is (principle 2: a ledger never refuses a fact it can parse). */
export interface RecordFact {
  type: 'RecordFact';
  fact: NewFact;
}
