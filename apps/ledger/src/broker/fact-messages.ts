import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { Fact } from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { scopeRefusal } from '../access/emitter-scope';
import type { FactsShape } from '../access/appends-facts.decorator';
import { ErrorBody, toErrorBody } from '../common/error-body';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../common/json-depth';
import { FactInspector } from '../ingestion/fact-inspector';

/** A message's facts, ready for RecordFactsCommand, or the error the HTTP API would answer it with. */
export type JudgedMessage = { readonly facts: Fact[] } | { readonly error: ErrorBody };

/**
 * Reads a queue message the way POST /v1/events and /v1/events/batch read a body: JSON of
 * sensible depth, the queue's systems (like an emitter key's), then the envelope and the
 * type's schema. A message holding `{events: [...]}` is a batch, anything else one fact.
 */
@Injectable()
export class FactMessages {
  private readonly systems?: readonly string[];

  constructor(
    private readonly inspector: FactInspector,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.systems = config.broker?.systems;
  }

  async judge(content: Buffer): Promise<JudgedMessage> {
    try {
      const body = parse(content);
      const shape: FactsShape = isBatch(body) ? 'batch' : 'one';
      const refusal = this.systems && scopeRefusal(this.systems, body, shape, 'queue');
      if (refusal) throw refusal;
      return { facts: shape === 'batch' ? await this.inspector.batch(body) : [this.inspector.one(body)] };
    } catch (error) {
      return { error: toErrorBody(error) };
    }
  }
}

function parse(content: Buffer): unknown {
  let body: unknown;
  try {
    body = JSON.parse(content.toString('utf8'));
  } catch (error) {
    // Only where: some Node versions quote the content in the parser's message, and it may be personal.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new BadRequestException(`the message is not valid JSON${at ? ` (at position ${at})` : ''}`);
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) throw new BadRequestException(`the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  return body;
}

const isBatch = (body: unknown): boolean => typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, 'events');
