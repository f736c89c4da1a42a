import { Injectable } from '@nestjs/common';
import { ValidationError, validateSync } from 'class-validator';
import { Fact, FactEnvelope, FactValidator, Problem, normalSubjectName, recordableFact } from '@ledger/domain';
import { InvalidInputException, ProblemDetail } from '../common/invalid-input.exception';
import { EventEnvelopeDto, MAX_BATCH } from './dto/event-envelope.dto';
import { SubjectReferenceDto } from './dto/subject-reference.dto';
import { envelopeIsValid } from './envelope-check';

/** Items of a batch checked between two turns of the event loop. */
const VALIDATION_SLICE = 100;

/**
 * Checks facts as they arrive: the envelope with class-validator (whitelist, unknown
 * properties refused), then the type's data schema from the domain catalog. Collects every
 * problem of every item, so one 400 says all that is wrong.
 */
@Injectable()
export class FactInspector {
  constructor(private readonly validator: FactValidator) {}

  one(body: unknown): Fact {
    const problems = this.problemsOf(body);
    if (problems.length) throw new InvalidInputException(problems);
    return recordableFact(withNormalSubjectName(body as FactEnvelope));
  }

  /**
   * A batch, checked item by item with a turn of the event loop every VALIDATION_SLICE items:
   * checking a large batch costs up to a few hundred milliseconds, which must not hold up every
   * other request (health checks included) in one block.
   */
  async batch(body: unknown): Promise<Fact[]> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new InvalidInputException([{ path: 'body', message: 'must be an object {"events": [...]}' }]);
    }
    const { events, ...rest } = body as { events?: unknown };
    const unknown = Object.keys(rest).map((key) => ({ path: key.slice(0, 60), message: 'is not a known property' }));
    if (!Array.isArray(events)) {
      throw new InvalidInputException([...unknown, { path: 'events', message: 'must be an array of events' }]);
    }
    if (events.length === 0 || events.length > MAX_BATCH) {
      throw new InvalidInputException([...unknown, { path: 'events', message: `must hold 1 to ${MAX_BATCH} events, got ${events.length}` }]);
    }
    const problems: ProblemDetail[] = [...unknown];
    for (const [index, event] of events.entries()) {
      if (index > 0 && index % VALIDATION_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      for (const p of this.problemsOf(event)) problems.push({ index, ...p });
    }
    const ids = new Map<string, number>();
    events.forEach((event: { id?: unknown }, index) => {
      if (typeof event?.id !== 'string') return;
      const first = ids.get(event.id);
      if (first === undefined) ids.set(event.id, index);
      else problems.push({ index, path: 'id', message: `repeats the id of events[${first}]` });
    });
    if (problems.length) throw new InvalidInputException(problems);
    return (events as FactEnvelope[]).map((event) => recordableFact(withNormalSubjectName(event)));
  }

  problemsOf(body: unknown): Problem[] {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return [{ path: 'body', message: 'must be a JSON object' }];
    }
    // The compiled check first: it passes what class-validator would, and only a refusal needs the problems named.
    const problems = envelopeIsValid(body) ? [] : envelopeProblems(body as Record<string, unknown>);
    const broken = new Set(problems.map((p) => p.path.split('.')[0]));
    if (!broken.has('type') && !broken.has('data')) {
      for (const p of this.validator.validate(body as FactEnvelope)) {
        if (!broken.has(p.path.split('.')[0])) problems.push(p);
      }
    }
    return problems;
  }
}

/** The envelope's problems as class-validator finds them on EventEnvelopeDto (the contract envelopeIsValid compiles). */
export function envelopeProblems(body: Record<string, unknown>): Problem[] {
  const errors = validateSync(toEnvelopeDto(body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return [...constructorKeys(body), ...errors.flatMap((e) => flatten(e, ''))];
}

/**
 * The fact as it is recorded: its subject's name in the one form the vault indexes, so that
 * the system kept in the event's metadata is the same for every spelling of it.
 */
function withNormalSubjectName(fact: FactEnvelope): FactEnvelope {
  const subject = fact.subject;
  if (!subject || !('system' in subject)) return fact;
  const normal = normalSubjectName(subject);
  return normal.system === subject.system && normal.externalId === subject.externalId ? fact : { ...fact, subject: normal };
}

/**
 * The DTO instance class-validator checks, built directly rather than by class-transformer:
 * the envelope is flat but for `subject`, and this is the ingestion hot path.
 */
function toEnvelopeDto(body: Record<string, unknown>): EventEnvelopeDto {
  const dto = assignOwn(new EventEnvelopeDto(), body);
  const subject = body.subject;
  if (typeof subject === 'object' && subject !== null && !Array.isArray(subject)) {
    dto.subject = assignOwn(new SubjectReferenceDto(), subject as Record<string, unknown>);
  }
  return dto;
}

/**
 * Copies own keys; one named "__proto__" is defined as a plain property, so it is reported, not
 * obeyed. One named "constructor" is left out (and reported by problemsOf): on the instance it
 * would hide the DTO's class from class-validator, which then fails without naming a property.
 */
function assignOwn<T extends object>(target: T, source: Record<string, unknown>): T {
  if (!Object.hasOwn(source, '__proto__') && !Object.hasOwn(source, 'constructor')) return Object.assign(target, source);
  for (const key of Object.keys(source)) {
    if (key === 'constructor') continue;
    Object.defineProperty(target, key, { value: source[key], enumerable: true, writable: true, configurable: true });
  }
  return target;
}

/**
 * The "constructor" keys assignOwn leaves out, and own "__proto__" keys, as problems.
 * class-validator's whitelist misses an own "__proto__" (it looks the key up in a plain object,
 * where it finds Object.prototype): reported here, as the compiled check refuses it.
 */
function constructorKeys(body: Record<string, unknown>): Problem[] {
  const subject = body.subject;
  const isObject = typeof subject === 'object' && subject !== null;
  return ['constructor', '__proto__'].flatMap((key) => [
    ...(Object.hasOwn(body, key) ? [{ path: key, message: 'is not a known property' }] : []),
    ...(isObject && Object.hasOwn(subject, key) ? [{ path: `subject.${key}`, message: 'is not a known property' }] : []),
  ]);
}

function flatten(error: ValidationError, parent: string): Problem[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
    path,
    message: rule === 'whitelistValidation' ? 'is not a known property' : message.replace(`${error.property} `, ''),
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, path))];
}
