import { Inject, NotFoundException } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { KEY_VAULT, KeyVault } from '@ledger/vault';

/**
 * Finds the subjectId for an emitter's name of a person, through the vault's blind index. The
 * vault looks up the name's normal form (normalSubjectName), as ingestion recorded it: every
 * spelling the API accepts finds the subject any other spelling created.
 */
export class SubjectLookupQuery extends Query<{ subjectId: string }> {
  constructor(
    readonly system: string,
    readonly externalId: string,
  ) {
    super();
  }
}

@QueryHandler(SubjectLookupQuery)
export class SubjectLookupHandler implements IQueryHandler<SubjectLookupQuery> {
  constructor(@Inject(KEY_VAULT) private readonly vault: KeyVault) {}

  async execute({ system, externalId }: SubjectLookupQuery): Promise<{ subjectId: string }> {
    const subjectId = await this.vault.findSubject({ system, externalId });
    // The message names neither value: it is read by whoever asked, but also by logs.
    if (!subjectId) throw new NotFoundException('no subject is known by that system and external id');
    return { subjectId };
  }
}
