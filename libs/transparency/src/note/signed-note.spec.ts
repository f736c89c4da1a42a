import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { EMPTY_ROOT } from '../merkle/hashes';
import { checkpointText, parseCheckpointText } from './checkpoint';
import { noteVerifier, parseVerifierKeyString, verifierKeyString } from './note-key';
import { NoteSigner, parseNote, signNote, verifyNote } from './signed-note';

/*
 * Reference vectors: the PeterNeumann key and note of Go's note package
 * (golang.org/x/mod/sumdb/note, note_test.go: TestSign, TestOpen; BSD-style licence), and the
 * examples of the C2SP signed-note and tlog-checkpoint specifications (https://c2sp.org).
 */
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const C2SP_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const C2SP_NOTE =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

/** Go's signer key: base64 of the type byte and the 32-byte Ed25519 seed. */
function goSigner(skey: string): NoteSigner {
  // PRIVATE+KEY+<name>+<id>+<base64>: the base64 may itself hold "+".
  const [, , name, id, ...material] = skey.split('+');
  const seed = Buffer.from(material.join('+'), 'base64').subarray(1);
  const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  return { name, keyId: parseInt(id, 16), sign: (message) => sign(null, message, key) };
}

describe('C2SP signed notes', () => {
  const peter = parseVerifierKeyString(PETER_VKEY);

  it("signs exactly as Go's note package does (Ed25519 is deterministic)", () => {
    const signer = goSigner(PETER_SKEY);
    expect(signer.keyId).toBe(peter.keyId);
    expect(signNote(PETER_TEXT, [signer])).toBe(`${PETER_TEXT}\n${PETER_SIG}`);
  });

  it('computes key IDs and verifier keys as the reference does', () => {
    expect(peter).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3 });
    expect(verifierKeyString(noteVerifier('PeterNeumann', peter.raw))).toBe(PETER_VKEY);
    expect(parseVerifierKeyString(C2SP_VKEY).keyId).toBe(0x530d903a);
    expect(() => parseVerifierKeyString('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/does not match/);
  });

  it('opens the reference notes with their keys, ignoring signatures of unknown keys', () => {
    expect(verifyNote(C2SP_NOTE, [parseVerifierKeyString(C2SP_VKEY)])).toMatchObject({ valid: true, text: 'This is an example message.\n' });
    const both = verifyNote(`${PETER_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    expect(both).toMatchObject({ valid: true, text: PETER_TEXT });
    expect(both.valid && both.verifiedBy).toEqual([peter]);
  });

  it('rejects a changed text, a changed signature, and a note no trusted key signed', () => {
    const note = `${PETER_TEXT}\n${PETER_SIG}`;
    expect(verifyNote(note.replace('cryptography', 'cryptographY'), [peter])).toMatchObject({ valid: false, reason: expect.stringContaining('was changed') });
    expect(verifyNote(`${PETER_TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`, [peter])).toMatchObject({ valid: false });
    expect(verifyNote(`${PETER_TEXT}\n${ENOCH_SIG}`, [peter])).toMatchObject({
      valid: false,
      reason: expect.stringContaining('no signature by a trusted key'),
    });
  });

  it.each([
    ['no blank line and no signature', PETER_TEXT],
    ['a blank line and no signature', `${PETER_TEXT}\n`],
    ['a signature line without its newline', `${PETER_TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ['a control character', `\u0001${PETER_TEXT}\n${PETER_SIG}`],
    ['a key name with a space', `${PETER_TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
    ['a line after the signatures', `${PETER_TEXT}\n${PETER_SIG}Unexpected line.\n`],
  ])("refuses a malformed note, as Go's note package does: %s", (_, note) => {
    expect(() => parseNote(note)).toThrow(/malformed note/);
    expect(verifyNote(note, [peter]).valid).toBe(false);
  });
});

describe('C2SP tlog checkpoints', () => {
  it('writes and reads the three lines of a checkpoint', () => {
    const text = checkpointText({
      origin: 'example.com/behind-the-sofa',
      size: 20852163,
      rootHash: Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64'),
    });
    expect(text).toBe('example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n');
    expect(parseCheckpointText(text)).toMatchObject({ origin: 'example.com/behind-the-sofa', size: 20852163, extensions: [] });
    expect(parseCheckpointText(checkpointText({ origin: 'o', size: 0, rootHash: EMPTY_ROOT })).size).toBe(0);
  });

  it.each([
    ['a leading zero in the size', 'o\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
    ['a root that is not 32 bytes', 'o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n'],
    ['no origin', '\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
    ['an empty extension line', 'o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n'],
  ])('refuses %s', (_, text) => {
    expect(() => parseCheckpointText(text)).toThrow(/not a checkpoint/);
  });

  it('signs a checkpoint that a verifier with the public key alone accepts', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
    const verifier = noteVerifier('ledger.example/log', raw);
    const note = signNote(checkpointText({ origin: 'ledger.example/log', size: 3, rootHash: EMPTY_ROOT }), [
      { name: verifier.name, keyId: verifier.keyId, sign: (m) => sign(null, m, privateKey) },
    ]);
    const opened = verifyNote(note, [parseVerifierKeyString(verifierKeyString(verifier))]);
    expect(opened.valid && parseCheckpointText(opened.text).size).toBe(3);
  });
});
