import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..');
const FILE = join(ROOT, 'test/client-typed-facts.typecheck.ts');

/**
 * Issue 16: `npm test` type-checks test/client-typed-facts.typecheck.ts, whose @ts-expect-error
 * lines fail the check if they ever compile. This names *which* error each one is: the file is
 * compiled again without the directives, and each former directive's line must fail for its reason.
 */
describe('client types from the catalog', () => {
  it('refuses a misspelt field, a wrong legal basis, a wrong vocabulary value and a wrong stream, and nothing else', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.json'),
      { noEmit: true, incremental: false },
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    )!;
    const original = readFileSync(FILE, 'utf8');
    const stripped = original.replace(/\/\/ @ts-expect-error .*$/gm, '//');
    const host = ts.createCompilerHost(config.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) => (name === FILE ? ts.createSourceFile(name, stripped, language) : getSourceFile(name, language, ...rest));
    const program = ts.createProgram([FILE], config.options, host);
    const source = program.getSourceFile(FILE)!;
    const errors = ts.getPreEmitDiagnostics(program, source).map((d) => ({
      line: source.getLineAndCharacterOfPosition(d.start!).line + 1,
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));

    const lineAfter = (marker: string) => original.split('\n').findIndex((l) => l.includes(marker)) + 2;
    const at = (marker: string) => errors.filter((e) => e.line === lineAfter(marker)).map((e) => e.message);
    expect(at('"purpse" is not a field')).toEqual([
      expect.stringContaining("'purpse' does not exist in type 'PersonalDataCollected'. Did you mean to write 'purpose'?"),
    ]);
    expect(at('"contrakt" is not an Art. 6(1) legal basis')).toEqual([
      expect.stringContaining(`Type '"contrakt"' is not assignable to type 'LegalBasis'. Did you mean '"contract"'?`),
    ]);
    expect(at('"forget-me" is not a subject right')).toEqual([expect.stringContaining(`Type '"forget-me"' is not assignable to type 'SubjectRight'`)]);
    expect(at('a breach fact names its breach')).toEqual([expect.stringContaining("'subject' does not exist in type 'FactInput<\"BreachAssessed\">'")]);
    expect(errors).toHaveLength(4);
  });
});
