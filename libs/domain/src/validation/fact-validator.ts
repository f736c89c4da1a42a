import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { EVENT_CATALOG, STREAM_REFERENCE } from '../catalog/event-catalog';
import { CategoryPolicy } from '../categories/category-policy';
import { LABEL_PATTERN_MESSAGES, LIST_MAX, isReservedName } from '../catalog/schemas/fragments';
import { CUSTOM_CATEGORIES_PER_FACT } from '../limits/fold-limits';
import { isCountryCode } from '../geo/countries';
import { isValidDateOrInstant, isValidInstant } from '../time/instant';
import { subjectNameProblems } from '../subject-names/subject-name';
import { Problem, problem } from './problem';
import { derivableFieldProblems } from './derived-fields';
import { FactEnvelope } from './fact';

const PERSONAL_MAX_FIELDS = 64;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const PERSONAL_VALUE_MAX = 4000;

/**
 * Validates a fact against the v1 catalog: the type's data schema, the stream reference its
 * type requires, and the shape of `personal`. Names every problem, so the caller can answer
 * with one 400 listing them all. Pure: compiled once, no I/O.
 */
export class FactValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly categories: CategoryPolicy = new CategoryPolicy()) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addFormat('instant', { type: 'string', validate: isValidInstant });
    ajv.addFormat('date-or-instant', { type: 'string', validate: isValidDateOrInstant });
    ajv.addFormat('country', { type: 'string', validate: isCountryCode });
    ajv.addFormat('category', { type: 'string', validate: (k: string) => categories.accepts(k) });
    for (const spec of EVENT_CATALOG.values()) this.validators.set(spec.type, ajv.compile(spec.schema));
  }

  /** Problems with the fact; empty when it may be recorded. */
  validate(fact: FactEnvelope): Problem[] {
    const spec = EVENT_CATALOG.get(fact.type);
    if (!spec) return [problem('type', `unknown event type "${String(fact.type).slice(0, 80)}"`)];
    if (spec.ledgerOnly) {
      return [problem('type', `${fact.type} is written by the ledger itself and cannot be sent`)];
    }
    const problems: Problem[] = [];
    const reference = STREAM_REFERENCE[spec.stream];
    for (const key of Object.values(STREAM_REFERENCE)) {
      const present = fact[key] !== undefined && fact[key] !== null;
      if (key === reference && !present) problems.push(problem(key, `${fact.type} requires "${key}"`));
      if (key !== reference && present) {
        problems.push(problem(key, `${fact.type} is recorded on a ${spec.stream} stream; "${key}" does not belong here`));
      }
    }
    if (spec.stream === 'subject' && fact.subject !== undefined) problems.push(...validateSubjectReference(fact.subject));
    if (fact.personal !== undefined) {
      if (spec.stream !== 'subject') {
        problems.push(problem('personal', `personal data belongs only on subject events, not on ${fact.type}`));
      } else {
        problems.push(...validatePersonal(fact.personal));
      }
    }
    // Too many categories is enough to refuse a fact, and cheap to see: the schema check, which
    // costs per category, is spared for facts built to be expensive.
    const tooMany = isObject(fact.data) ? this.customCategoryProblems(fact.data) : [];
    if (tooMany.length) return [...problems, ...tooMany];
    const validateData = this.validators.get(fact.type)!;
    if (!validateData(fact.data)) problems.push(...validateData.errors!.map(toProblem));
    if (spec.stream === 'subject' && isObject(fact.data)) problems.push(...derivableFieldProblems(fact));
    return problems;
  }

  /**
   * At most CUSTOM_CATEGORIES_PER_FACT categories under the custom prefix per list: fideslang's
   * keys are a closed set, custom ones are not, and each new one is one more thing every read
   * model of the subject and the breach keeps.
   */
  private customCategoryProblems(data: Record<string, unknown>): Problem[] {
    const lists: [string, unknown][] = [['data.categories', data.categories]];
    if (Array.isArray(data.retained))
      data.retained.slice(0, LIST_MAX).forEach((r, i) => lists.push([`data.retained.${i}.categories`, isObject(r) ? r.categories : undefined]));
    const prefix = this.categories.customPrefix;
    const custom = (list: unknown[]) => (prefix ? list.filter((c) => typeof c === 'string' && c.startsWith(prefix)).length : 0);
    return lists
      .filter(([, list]) => Array.isArray(list) && (list.length > LIST_MAX || custom(list) > CUSTOM_CATEGORIES_PER_FACT))
      .map(([path, list]) =>
        (list as unknown[]).length > LIST_MAX
          ? problem(path, `must NOT have more than ${LIST_MAX} items`)
          : problem(path, `at most ${CUSTOM_CATEGORIES_PER_FACT} categories under the custom prefix "${prefix}" per fact`),
      );
  }
}

function validateSubjectReference(subject: unknown): Problem[] {
  if (typeof subject !== 'object' || subject === null || Array.isArray(subject)) return [problem('subject', 'must be an object')];
  const ref = subject as Record<string, unknown>;
  const given = (value: unknown) => value !== undefined && value !== null;
  const byName = given(ref.system) || given(ref.externalId);
  if (byName && given(ref.subjectId)) {
    return [problem('subject', 'name the subject by system and externalId, or by subjectId, not both')];
  }
  if (!byName && !given(ref.subjectId)) {
    return [problem('subject', 'requires system and externalId, or subjectId')];
  }
  if (byName && (typeof ref.system !== 'string' || typeof ref.externalId !== 'string')) {
    return [problem('subject', 'requires both system and externalId')];
  }
  // Look-alike spellings of one id must name one subject or be refused (see normalNamePart).
  return byName ? subjectNameProblems({ system: ref.system as string, externalId: ref.externalId as string }) : [];
}

function validatePersonal(personal: unknown): Problem[] {
  if (typeof personal !== 'object' || personal === null || Array.isArray(personal)) {
    return [problem('personal', 'must be an object of field names to values')];
  }
  const entries = Object.entries(personal);
  if (entries.length > PERSONAL_MAX_FIELDS) {
    return [problem('personal', `at most ${PERSONAL_MAX_FIELDS} fields`)];
  }
  const problems: Problem[] = [];
  for (const [field, value] of entries) {
    const path = `personal.${field.slice(0, 60)}`;
    if (field.length === 0 || field.length > 100) problems.push(problem(path, 'field names are 1 to 100 characters'));
    else if (isReservedName(field)) problems.push(problem(path, 'is a reserved name (a member of Object.prototype)'));
    else if (!['string', 'number', 'boolean'].includes(typeof value) && value !== null) {
      problems.push(problem(path, 'must be a string, number, boolean or null'));
    } else if (typeof value === 'string' && value.length > PERSONAL_VALUE_MAX) {
      problems.push(problem(path, `at most ${PERSONAL_VALUE_MAX} characters`));
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      problems.push(problem(path, 'must be a finite number'));
    }
  }
  return problems;
}

const FORMAT_MESSAGES: Record<string, string> = {
  instant: 'must be an ISO 8601 date-time with offset, e.g. 2025-06-10T14:00:00Z',
  'date-or-instant': 'must be an ISO 8601 date (2032-12-31) or date-time with offset',
  country: 'must be an ISO 3166-1 alpha-2 country code, e.g. NL',
  category: 'is not a known data category (fideslang key) nor under the custom prefix',
};

function toProblem(error: ErrorObject): Problem {
  const base = ['data', ...error.instancePath.split('/').filter(Boolean)].join('.');
  switch (error.keyword) {
    case 'required':
      return problem(`${base}.${error.params.missingProperty}`, 'is required');
    case 'additionalProperties':
      return problem(`${base}.${String(error.params.additionalProperty).slice(0, 60)}`, 'is not a known property');
    case 'enum':
      return problem(base, `must be one of: ${(error.params.allowedValues as string[]).join(', ')}`);
    case 'format':
      return problem(base, FORMAT_MESSAGES[error.params.format] ?? `must match format ${error.params.format}`);
    case 'pattern':
      return problem(base, LABEL_PATTERN_MESSAGES[error.params.pattern as string] ?? 'must not be blank');
    case 'not':
      // The only `not` in the catalog refuses reserved names.
      return problem(base, 'is a reserved name (a member of Object.prototype), not allowed as a label');
    default:
      return problem(base, error.message ?? 'is invalid');
  }
}
