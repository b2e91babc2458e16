import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createTokenCipher,
  encryptionKeyProblem,
  keyIdOf,
  parseEncryptionKey,
  type TokenKey,
} from '../../src/crypto/token-cipher.js';
import { CodedError, ErrorCode, errorCode } from '../../src/errors.js';

const TOKEN = 'xoxb-FAKE-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const newKey = (): TokenKey => parseEncryptionKey(randomBytes(32).toString('base64'));

/** The error thrown by fn (fails the test if none). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('token cipher', () => {
  it('round-trips a token and says which key sealed it', () => {
    const key = newKey();
    const cipher = createTokenCipher({ current: key });
    const sealed = cipher.encrypt(TOKEN, 'T1');
    expect(sealed.keyId).toBe(key.id);
    expect(sealed.ciphertext.startsWith('v1:')).toBe(true);
    expect(sealed.ciphertext).not.toContain('xoxb-');
    expect(cipher.decrypt(sealed, 'T1')).toBe(TOKEN);
  });

  it('uses a random IV: the same token seals differently every time', () => {
    const cipher = createTokenCipher({ current: newKey() });
    const a = cipher.encrypt(TOKEN);
    const b = cipher.encrypt(TOKEN);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    const iv = (c: string) => Buffer.from(c.slice(3), 'base64').subarray(0, 12).toString('hex');
    expect(iv(a.ciphertext)).not.toBe(iv(b.ciphertext));
    expect(cipher.decrypt(a)).toBe(TOKEN);
    expect(cipher.decrypt(b)).toBe(TOKEN);
  });

  it('key id is the first 8 hex digits of SHA-256 of the raw key, stable across parses', () => {
    const raw = randomBytes(32);
    const key = parseEncryptionKey(raw.toString('base64'));
    expect(key.id).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 8));
    expect(parseEncryptionKey(` ${raw.toString('base64')}\n`).id).toBe(key.id);
    expect(keyIdOf(raw)).toBe(key.id);
  });

  it('refuses a wrong key with token_key_mismatch, whether the key id is unknown or forged', () => {
    const right = newKey();
    const wrong = newKey();
    const sealed = createTokenCipher({ current: right }).encrypt(TOKEN, 'T1');
    const other = createTokenCipher({ current: wrong });

    const unknownId = thrown(() => other.decrypt(sealed, 'T1'));
    expect(unknownId).toBeInstanceOf(CodedError);
    expect(errorCode(unknownId)).toBe(ErrorCode.TokenKeyMismatch);
    expect((unknownId as Error).message).toContain('TOKEN_ENCRYPTION_KEY');

    // The stored key id relabelled to the other key's: GCM still refuses.
    const relabelled = thrown(() => other.decrypt({ ...sealed, keyId: wrong.id }, 'T1'));
    expect(errorCode(relabelled)).toBe(ErrorCode.TokenKeyMismatch);
  });

  it('refuses altered data, a truncated or unversioned ciphertext, and another row’s context', () => {
    const cipher = createTokenCipher({ current: newKey() });
    const sealed = cipher.encrypt(TOKEN, 'T1');
    const bytes = Buffer.from(sealed.ciphertext.slice(3), 'base64');
    for (const at of [0, 12, 20, bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = flipped[at]! ^ 0x01;
      const error = thrown(() =>
        cipher.decrypt({ ...sealed, ciphertext: `v1:${flipped.toString('base64')}` }, 'T1'),
      );
      expect(errorCode(error)).toBe(ErrorCode.TokenKeyMismatch);
    }
    expect(errorCode(thrown(() => cipher.decrypt({ ...sealed, ciphertext: 'v1:AAAA' }, 'T1')))).toBe(
      ErrorCode.TokenKeyMismatch,
    );
    expect(
      errorCode(thrown(() => cipher.decrypt({ ...sealed, ciphertext: sealed.ciphertext.slice(3) }, 'T1'))),
    ).toBe(ErrorCode.TokenKeyMismatch);
    // Bound to its row: copied into another team's row, it does not open.
    expect(errorCode(thrown(() => cipher.decrypt(sealed, 'T2')))).toBe(ErrorCode.TokenKeyMismatch);
  });

  it('never puts the token or the key in an error message', () => {
    const right = newKey();
    const wrong = newKey();
    const sealed = createTokenCipher({ current: right }).encrypt(TOKEN, 'T1');
    const errors = [
      thrown(() => createTokenCipher({ current: wrong }).decrypt(sealed, 'T1')),
      thrown(() => createTokenCipher({ current: wrong }).decrypt({ ...sealed, keyId: wrong.id }, 'T1')),
      thrown(() => createTokenCipher({ current: right }).decrypt(sealed, 'T9')),
    ];
    for (const error of errors) {
      const text = `${(error as Error).message} ${String(error)} ${JSON.stringify(error)}`;
      for (const secret of [TOKEN, 'xoxb-', right.key.toString('base64'), wrong.key.toString('base64')]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toContain(right.key.toString('hex'));
    }
  });

  it('decrypts under a previous key and encrypts under the current one (rotation)', () => {
    const old = newKey();
    const next = newKey();
    const sealedOld = createTokenCipher({ current: old }).encrypt(TOKEN, 'T1');
    const rotating = createTokenCipher({ current: next, previous: [old] });
    expect(rotating.knows(old.id)).toBe(true);
    expect(rotating.currentKeyId).toBe(next.id);
    expect(rotating.decrypt(sealedOld, 'T1')).toBe(TOKEN);
    const resealed = rotating.encrypt(TOKEN, 'T1');
    expect(resealed.keyId).toBe(next.id);
    // Once rotated, the old key is not needed.
    expect(createTokenCipher({ current: next }).decrypt(resealed, 'T1')).toBe(TOKEN);
  });

  it('parses only base64 of exactly 32 random bytes, naming the variable and never echoing the value', () => {
    const bad = [
      '',
      'not base64!!',
      randomBytes(16).toString('base64'),
      randomBytes(33).toString('base64'),
      Buffer.alloc(32).toString('base64'),
      `${randomBytes(32).toString('base64')}%`,
    ];
    for (const value of bad) {
      const problem = encryptionKeyProblem(value);
      expect(problem).toContain('TOKEN_ENCRYPTION_KEY');
      if (value) expect(problem).not.toContain(value);
      expect(() => parseEncryptionKey(value)).toThrow(/TOKEN_ENCRYPTION_KEY/);
    }
    expect(encryptionKeyProblem(randomBytes(32).toString('base64'))).toBeUndefined();
    // base64url (no padding) works too.
    expect(parseEncryptionKey(randomBytes(32).toString('base64url')).key.length).toBe(32);
  });

  it('refuses a key whose id is not its fingerprint, and an empty token', () => {
    const key = newKey();
    expect(() => createTokenCipher({ current: { id: 'deadbeef', key: key.key } })).toThrow();
    expect(() =>
      createTokenCipher({ current: { id: keyIdOf(Buffer.alloc(16, 1)), key: Buffer.alloc(16, 1) } }),
    ).toThrow();
    expect(() => createTokenCipher({ current: key }).encrypt('')).toThrow();
  });
});
