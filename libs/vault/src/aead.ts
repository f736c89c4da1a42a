import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';

const IV = 12;
const TAG = 16;

const POOL_SIZE = 16 * 1024;
let pool = Buffer.alloc(0);
let offset = 0;

/** Fresh random bytes (a copy), drawn from a pool filled by the CSPRNG in 16 KiB refills: one call per key is slow. */
export function randomBytesPooled(size: number): Buffer {
  if (offset + size > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_SIZE));
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  pool.fill(0, offset, offset + size);
  offset += size;
  return bytes;
}

/** AES-256-GCM with a random nonce: iv | ciphertext | tag. */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  return sealWithIv(key, randomBytesPooled(IV), plaintext, aad);
}

/**
 * AES-256-GCM with a synthetic nonce: HMAC(key, aad, plaintext). The same plaintext under the
 * same key and AAD (an event id) gives the same bytes, which makes idempotent retries of an
 * encrypted event byte-identical; different plaintexts never share a nonce.
 */
export function sealDeterministic(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = createHmac('sha256', key).update(aad).update('\0').update(plaintext).digest().subarray(0, IV);
  return sealWithIv(key, iv, plaintext, aad);
}

function sealWithIv(key: Buffer, iv: Buffer, plaintext: Buffer, aad: string): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Opens a box from `seal`; throws when the key, AAD or bytes are wrong. */
export function open(key: Buffer, box: Buffer, aad: string): Buffer {
  if (box.length < IV + TAG) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(box.subarray(box.length - TAG));
  return Buffer.concat([decipher.update(box.subarray(IV, box.length - TAG)), decipher.final()]);
}
