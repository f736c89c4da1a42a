import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { loadLedgerConfig } from '@ledger/config';

const ROOT = join(__dirname, '..');

interface Service {
  image?: string;
  build?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  depends_on?: string[] | Record<string, unknown>;
  ports?: string[];
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

/** `${NAME:-default}` as docker compose fills it in, from `env`. */
const interpolate = (value: string, env: Record<string, string>): string =>
  value.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => env[name] ?? fallback ?? '');

/**
 * There is no Docker engine on the machines that run the tests, so docker-compose.yml is
 * checked by reading it: each profile has the services it promises, what they depend on is in
 * the same profile, every ledger's environment is one the ledger accepts, and the load
 * balancer's template names the profile's two ledgers.
 */
describe('docker-compose.yml profiles', () => {
  // Compose applies YAML merge keys (`<<: *ledger`); js-yaml 5 does when asked.
  const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as ComposeFile;
  const inProfile = (profile: string) => Object.entries(compose.services).filter(([, s]) => s.profiles?.includes(profile));
  const ledgers = (profile: string) => inProfile(profile).filter(([, s]) => s.build === '.');
  const env = { LEDGER_BOOTSTRAP_ADMIN_KEY: 'k'.repeat(40), LEDGER_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };

  it('puts every service in a profile: embedded, postgres or eventstoredb', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, profiles: service.profiles?.filter((p) => !['embedded', 'postgres', 'eventstoredb'].includes(p)) }).toEqual({ name, profiles: [] });
    }
    expect(inProfile('embedded').map(([n]) => n)).toEqual(['ledger']);
    expect(
      inProfile('postgres')
        .map(([n]) => n)
        .sort(),
    ).toEqual(['lb-postgres', 'ledger-pg-a', 'ledger-pg-b', 'postgres']);
    expect(
      inProfile('eventstoredb')
        .map(([n]) => n)
        .sort(),
    ).toEqual(['eventstore', 'lb-eventstoredb', 'ledger-esdb-a', 'ledger-esdb-b', 'postgres']);
  });

  it.each(['embedded', 'postgres', 'eventstoredb'])(
    '%s: depends only on its own services, publishes the API on 3000 once, and names declared volumes',
    (profile) => {
      const names = new Set(inProfile(profile).map(([n]) => n));
      const hostPorts: string[] = [];
      for (const [, service] of inProfile(profile)) {
        const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
        for (const dep of deps) expect(names).toContain(dep);
        hostPorts.push(...(service.ports ?? []).map((p) => p.split(':')[0]));
        for (const volume of service.volumes ?? []) {
          const source = volume.split(':')[0];
          if (source.startsWith('./')) expect(existsSync(join(ROOT, source))).toBe(true);
          else expect(Object.keys(compose.volumes)).toContain(source);
        }
      }
      expect(new Set(hostPorts).size).toBe(hostPorts.length);
      expect(hostPorts.filter((p) => p === '3000')).toHaveLength(1);
    },
  );

  it.each([
    ['embedded', 'sqlite', false],
    ['postgres', 'postgres', true],
    ['eventstoredb', 'eventstoredb', true],
  ] as const)('%s: every ledger gets a configuration the ledger accepts (event store %s, PostgreSQL %s)', (profile, eventStore, database) => {
    const configs = ledgers(profile).map(([, service]) =>
      loadLedgerConfig(Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]))),
    );
    expect(configs).toHaveLength(profile === 'embedded' ? 1 : 2);
    for (const config of configs) {
      expect(config.eventStore).toBe(eventStore);
      expect(config.database !== undefined).toBe(database);
      expect(config.masterKey).toBe(env.LEDGER_MASTER_KEY);
    }
    // Two ledgers: one database and one master key between them, a data directory each.
    if (configs.length === 2) {
      expect(configs[0].database).toEqual(configs[1].database);
      const [a, b] = ledgers(profile).map(([, s]) => s.volumes);
      expect(a).not.toEqual(b);
    }
  });

  it.each([
    ['lb-postgres', 'postgres'],
    ['lb-eventstoredb', 'eventstoredb'],
  ])('%s balances the two ledgers of its profile', (name, profile) => {
    const lb = compose.services[name];
    expect(lb.environment).toEqual(Object.fromEntries(ledgers(profile).map(([n], i) => [`LEDGER_${'AB'[i]}`, n])));
    const template = readFileSync(join(ROOT, 'config/nginx/ledger-lb.conf.template'), 'utf8');
    expect(template).toMatch(/server \$\{LEDGER_A\}:3000/);
    expect(template).toMatch(/server \$\{LEDGER_B\}:3000/);
    expect(template).toMatch(/listen 3000;/);
  });
});
