import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { CodedError, ErrorCode } from '../errors.js';

/**
 * Slack tokens at rest (issue 10): AES-256-GCM under TOKEN_ENCRYPTION_KEY, so a copied database
 * without the key yields no usable token. Each ciphertext is stored beside the id of the key that
 * sealed it, so a key can be rotated: the cipher decrypts under its current key or any previous
 * one it was given, and always encrypts under the current one.
 *
 * No message here ever contains a token or a key (a key id is a fingerprint, safe to show).
 */

/** The environment variable an operator must fix when a key is wrong; named in messages. */
export const TOKEN_KEY_VARIABLE = 'TOKEN_ENCRYPTION_KEY';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bumped if the layout (iv|tag|data, AAD) ever changes, so old ciphertexts stay readable. */
const VERSION = 'v1';
const PREFIX = `${VERSION}:`;

export interface TokenKey {
  /** keyIdOf(key): stored beside each ciphertext. */
  readonly id: string;
  readonly key: Buffer;
}

export interface SealedToken {
  /** `v1:` + base64(iv | auth tag | ciphertext). */
  ciphertext: string;
  keyId: string;
}

export interface TokenCipher {
  /** The id new ciphertexts are sealed under. */
  readonly currentKeyId: string;
  /** Whether this cipher holds the key with this id (current or previous). */
  knows(keyId: string): boolean;
  /**
   * Seals a token under the current key. `context` (say, the team id) is bound in as associated
   * data: a ciphertext copied into another row does not decrypt there.
   */
  encrypt(plain: string, context?: string): SealedToken;
  /** Throws CodedError(token_key_mismatch) for an unknown key id, a wrong key or altered data. */
  decrypt(sealed: SealedToken, context?: string): string;
}

/** A short stable fingerprint: the first 8 hex digits of SHA-256 of the raw key bytes. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * What is wrong with a TOKEN_ENCRYPTION_KEY value, or undefined if it is usable. For the config's
 * list of problems; it says what is expected, never echoes the value.
 */
export function encryptionKeyProblem(value: string, variable = TOKEN_KEY_VARIABLE): string | undefined {
  const text = value.trim();
  // Buffer.from(…, 'base64') silently skips characters outside the alphabet: check it ourselves.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    return `${variable} must be base64 (e.g. the output of \`openssl rand -base64 32\`)`;
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== KEY_BYTES) {
    return `${variable} must be base64 of exactly ${KEY_BYTES} random bytes (it decodes to ${bytes.length})`;
  }
  // A placeholder like 32 zero bytes passes the length check but is no secret.
  if (bytes.every((b) => b === bytes[0])) {
    return `${variable} must be random bytes, not a repeated value (use \`openssl rand -base64 32\`)`;
  }
  return undefined;
}

/** Parses TOKEN_ENCRYPTION_KEY (base64 of 32 random bytes); throws an Error naming the variable. */
export function parseEncryptionKey(value: string, variable = TOKEN_KEY_VARIABLE): TokenKey {
  const problem = encryptionKeyProblem(value, variable);
  if (problem) throw new Error(problem);
  const key = Buffer.from(value.trim(), 'base64');
  return { id: keyIdOf(key), key };
}

function mismatch(message: string): CodedError {
  return new CodedError(ErrorCode.TokenKeyMismatch, message);
}

/** The associated data: version, key id and context are authenticated along with the token. */
function aad(keyId: string, context: string | undefined): Buffer {
  return Buffer.from(`onetoone-token:${VERSION}:${keyId}:${context ?? ''}`, 'utf8');
}

export function createTokenCipher(keys: { current: TokenKey; previous?: readonly TokenKey[] }): TokenCipher {
  const byId = new Map<string, Buffer>();
  for (const k of [keys.current, ...(keys.previous ?? [])]) {
    if (k.key.length !== KEY_BYTES) throw new Error(`a token key must be ${KEY_BYTES} bytes`);
    if (k.id !== keyIdOf(k.key)) throw new Error('a token key id must be keyIdOf(key)');
    if (!byId.has(k.id)) byId.set(k.id, k.key);
  }
  const current = keys.current;

  return {
    currentKeyId: current.id,
    knows: (keyId) => byId.has(keyId),

    encrypt(plain, context) {
      if (typeof plain !== 'string' || plain === '') throw new Error('nothing to encrypt');
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(current.id, context));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const packed = Buffer.concat([iv, cipher.getAuthTag(), data]);
      return { ciphertext: PREFIX + packed.toString('base64'), keyId: current.id };
    },

    decrypt({ ciphertext, keyId }, context) {
      const key = byId.get(keyId);
      if (!key) {
        throw mismatch(
          `a token was sealed under key id ${keyId}, but ${TOKEN_KEY_VARIABLE} has id ${current.id}` +
            (byId.size > 1 ? ' and no previous key has that id' : ''),
        );
      }
      if (typeof ciphertext !== 'string' || !ciphertext.startsWith(PREFIX)) {
        throw mismatch('a stored token is not in a format this version reads');
      }
      const packed = Buffer.from(ciphertext.slice(PREFIX.length), 'base64');
      if (packed.length <= IV_BYTES + TAG_BYTES) throw mismatch('a stored token is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, packed.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aad(keyId, context));
      decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        const plain = Buffer.concat([
          decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        // GCM cannot tell a wrong key from altered bytes; neither is worth more detail.
        throw mismatch(
          `a stored token does not decrypt under key id ${keyId}: a wrong ${TOKEN_KEY_VARIABLE} or altered data`,
        );
      }
    },
  };
}
