import { Command } from 'commander';
import { HOSTINGHUIS_SCENARIO, SCENARIO_NOW } from '../demo/hostinghuis-scenario';

interface DemoOptions {
  url: string;
  apiKey?: string;
}

/**
 * `demo`: sends DOMAIN.md's HostingHuis scenario to a running ledger over HTTP and prints what
 * the DPO would see. Start the server with LEDGER_NOW=2026-11-24T12:00:00Z for the findings
 * DOMAIN.md describes. Safe to repeat: the facts have fixed ids.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('send the HostingHuis scenario to a running ledger and show its findings')
    .option('--url <url>', 'the ledger', 'http://localhost:3000')
    .option('--api-key <key>', 'an API key with the dpo or admin role (default: $LEDGER_API_KEY)')
    .action(async ({ url, apiKey }: DemoOptions) => {
      const key = apiKey ?? process.env.LEDGER_API_KEY;
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-purpose': 'HostingHuis demo',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      };
      const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
        const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const json = (await res.json()) as T & { message?: string };
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.message ?? ''}`);
        return json;
      };
      const recorded = await call<{ events: { position: number; duplicate: boolean }[] }>('POST', '/v1/events/batch', { events: HOSTINGHUIS_SCENARIO });
      const position = Math.max(...recorded.events.map((e) => e.position));
      const fresh = recorded.events.filter((e) => !e.duplicate).length;
      process.stdout.write(`recorded ${fresh} new facts of ${HOSTINGHUIS_SCENARIO.length} (log position ${position})\n\n`);
      for (const id of ['C-1001', 'C-1002', 'C-1003', 'C-1004']) {
        const { subjectId } = await call<{ subjectId: string }>('GET', `/v1/subjects?system=customer-portal&externalId=${id}`);
        process.stdout.write(`${id}  subject ${subjectId}\n`);
      }
      const { now, findings } = await call<{ now: string; findings: { article: string; rule: string; dueAt: string; summary: string }[] }>(
        'GET',
        `/v1/findings?minPosition=${position}`,
      );
      process.stdout.write(
        `\nopen findings at ${now}${now.startsWith(SCENARIO_NOW.slice(0, 10)) ? '' : ` (DOMAIN.md describes ${SCENARIO_NOW}: start the server with LEDGER_NOW=${SCENARIO_NOW})`}:\n`,
      );
      for (const f of findings) process.stdout.write(`  ${f.article.padEnd(12)} ${f.rule.padEnd(28)} due ${f.dueAt.slice(0, 16)}  ${f.summary}\n`);
    });
}
