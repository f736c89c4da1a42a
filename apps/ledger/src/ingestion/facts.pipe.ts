import { Injectable, PipeTransform } from '@nestjs/common';
import type { Fact } from '@ledger/domain';
import { FactInspector } from './fact-inspector';

/** Validates the body of POST /v1/events into one fact. */
@Injectable()
export class FactPipe implements PipeTransform<unknown, Fact> {
  constructor(private readonly inspector: FactInspector) {}
  transform = (body: unknown): Fact => this.inspector.one(body);
}

/** Validates the body of POST /v1/events/batch into facts, reporting every bad item by index. */
@Injectable()
export class FactBatchPipe implements PipeTransform<unknown, Promise<Fact[]>> {
  constructor(private readonly inspector: FactInspector) {}
  transform = (body: unknown): Promise<Fact[]> => this.inspector.batch(body);
}
