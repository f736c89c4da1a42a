import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs `code` (strict JavaScript) in a fresh Node process after freeze-prototype has loaded; returns what it printed. */
const afterFreeze = (code: string): string =>
  execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', `'use strict'; require('./libs/config/src/freeze-prototype'); ${code}`], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();

describe('Object.prototype, frozen at start', () => {
  it('cannot gain or change a property, by any path', () => {
    const tries = [
      'Object.prototype.polluted = 1',
      '({}).__proto__.givenAt = 1',
      '({}).constructor.prototype.isAdmin = true',
      'Object.prototype.toString = () => "x"',
      'delete Object.prototype.valueOf',
    ];
    const results = afterFreeze(
      `const out = []; for (const t of ${JSON.stringify(tries)}) { try { eval(t); out.push('done'); } catch (e) { out.push(e.constructor.name); } }
       const leaked = ['polluted', 'givenAt', 'isAdmin'].filter((k) => k in {});
       console.log(JSON.stringify([out, Object.isFrozen(Object.prototype), leaked, String({})]))`,
    );
    expect(JSON.parse(results)).toEqual([['TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError'], true, [], '[object Object]']);
  }, 30_000);

  it('still lets other objects shadow its members by assignment, as libraries do', () => {
    const results = afterFreeze(
      `function IPv4() {} IPv4.prototype.toString = function () { return 'ip'; };
       const o = {}; o.constructor = 5; o.hasOwnProperty = 1;
       console.log(JSON.stringify([String(new IPv4()), o.constructor, Object.keys(o), ({ a: 1 }).hasOwnProperty('a'), ({}).toString()]))`,
    );
    expect(JSON.parse(results)).toEqual(['ip', 5, ['constructor', 'hasOwnProperty'], true, '[object Object]']);
  }, 30_000);
});
