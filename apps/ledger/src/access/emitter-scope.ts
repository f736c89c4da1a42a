import { ForbiddenException } from '@nestjs/common';
import { normalNamePart } from '@ledger/domain';
import type { ProblemDetail } from '../common/invalid-input.exception';
import type { FactsShape } from './appends-facts.decorator';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A subject's system is recorded in its normal form ('ｃｒｍ' as 'crm'), so it is in scope by that form. */
const normalSystem = (value: string): string => normalNamePart(value).value ?? value;

/**
 * The facts in a body that an emitter key may not append: an emitter writes only subject
 * events that name their subject by `{system, externalId}` with a system of its key, and
 * whose `data.system`, when present, is one of them too. It may not name a subject by the
 * ledger's subjectId (that would reach subjects of other systems), nor write breach or
 * registry events. Items that are not objects at all are left to validation, which refuses
 * them anyway.
 */
export function factsOutsideScope(systems: readonly string[], body: unknown, shape: FactsShape): ProblemDetail[] {
  const allowed = new Set(systems);
  const normalAllowed = new Set(systems.map(normalSystem));
  const own = (value: unknown) => typeof value === 'string' && allowed.has(value);
  const ownSubjectSystem = (value: unknown) => typeof value === 'string' && normalAllowed.has(normalSystem(value));
  const problemsOf = (fact: unknown): ProblemDetail[] => {
    if (!isObject(fact)) return [];
    const subject = fact.subject;
    if (!isObject(subject) || !Object.hasOwn(subject, 'system')) {
      return [{ path: 'subject', message: 'must name the subject by {system, externalId}: emitter keys append only subject events of their systems' }];
    }
    const problems: ProblemDetail[] = [];
    if (!ownSubjectSystem(subject.system)) problems.push({ path: 'subject.system', message: "is not one of this key's systems" });
    if (isObject(fact.data) && Object.hasOwn(fact.data, 'system') && !own(fact.data.system)) {
      problems.push({ path: 'data.system', message: "is not one of this key's systems" });
    }
    return problems;
  };
  if (shape === 'one') return problemsOf(body);
  const events = isObject(body) ? body.events : undefined;
  if (!Array.isArray(events)) return [];
  return events.flatMap((event, index) => problemsOf(event).map((p) => ({ index, ...p })));
}

/**
 * The 403 an emitter gets for facts outside its systems, or undefined when all are inside:
 * the same answer for a key over HTTP and for a queue scoped to systems.
 */
export function scopeRefusal(systems: readonly string[], body: unknown, shape: FactsShape, holder = 'key'): ForbiddenException | undefined {
  const problems = factsOutsideScope(systems, body, shape);
  if (!problems.length) return undefined;
  const indexes = [...new Set(problems.map((p) => p.index).filter((i) => i !== undefined))];
  const refused = indexes.length ? `; the batch is refused for events ${indexes.join(', ')}` : '';
  return new ForbiddenException({
    message: `this ${holder} may append only subject events of its systems (${systems.join(', ')})${refused}`,
    details: holder === 'key' ? problems : problems.map((p) => ({ ...p, message: p.message.replace("this key's", `this ${holder}'s`) })),
  });
}
