import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretFileError, SecretFileSystem, loadOrCreateSecretFile } from './secret-file';

/** The real node:fs, recording each call that touches the disk, so the test can read their order. */
function recordingFs(): { fsApi: SecretFileSystem; calls: string[] } {
  const calls: string[] = [];
  const paths = new Map<number, string>();
  const fsApi: SecretFileSystem = {
    ...fs,
    openSync: ((path: string, flags: string, mode?: number) => {
      const fd = fs.openSync(path, flags, mode);
      paths.set(fd, path);
      calls.push(`open ${path}`);
      return fd;
    }) as typeof fs.openSync,
    writeSync: ((fd: number, data: string) => {
      calls.push(`write ${paths.get(fd)}`);
      return fs.writeSync(fd, data);
    }) as typeof fs.writeSync,
    fsyncSync: (fd: number) => {
      calls.push(`fsync ${paths.get(fd)}`);
      fs.fsyncSync(fd);
    },
    linkSync: (from: fs.PathLike, to: fs.PathLike) => {
      calls.push(`link ${String(from)} -> ${String(to)}`);
      fs.linkSync(from, to);
    },
  };
  return { fsApi, calls };
}

describe('a secret file', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'secret-file-'));

  it('is on disk, with its directory entry, before its secret is handed out', () => {
    const data = dir();
    const file = join(data, 'master.key');
    const { fsApi, calls } = recordingFs();
    const secret = loadOrCreateSecretFile(file, () => 'secret\n', fsApi);

    expect(secret).toBe('secret\n');
    expect(readFileSync(file, 'utf8')).toBe('secret\n');
    const temporary = calls[0].replace('open ', '');
    expect(calls).toEqual([`open ${temporary}`, `write ${temporary}`, `fsync ${temporary}`, `link ${temporary} -> ${file}`, `open ${data}`, `fsync ${data}`]);
    expect(readdirSync(data)).toEqual(['master.key']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is read, not replaced, when it exists', () => {
    const file = join(dir(), 'signing.key');
    writeFileSync(file, 'kept\n', { mode: 0o644 });
    expect(loadOrCreateSecretFile(file, () => 'new\n')).toBe('kept\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n'],
  ])('is refused, naming it, when it is %s', (_, content) => {
    const file = join(dir(), 'master.key');
    writeFileSync(file, content, { mode: 0o600 });
    expect(() => loadOrCreateSecretFile(file, () => 'new\n')).toThrow(SecretFileError);
    expect(() => loadOrCreateSecretFile(file, () => 'new\n')).toThrow(`${file} is empty`);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });
});
