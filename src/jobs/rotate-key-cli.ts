import { pathToFileURL } from 'node:url';
import { type Config, loadConfigOrExit } from '../config.js';
import { createTokenCipher, TOKEN_KEY_VARIABLE } from '../crypto/token-cipher.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { rotateTokenKey, verifyKeyAgainst } from '../services/installation-store.js';

/**
 * `npm run rotate-key`: re-encrypts every stored Slack token under TOKEN_ENCRYPTION_KEY, opening
 * the old ones with TOKEN_ENCRYPTION_KEY_PREVIOUS. The procedure:
 *   1. Generate a new key (`openssl rand -base64 32`).
 *   2. Set TOKEN_ENCRYPTION_KEY to the new key and TOKEN_ENCRYPTION_KEY_PREVIOUS to the old one,
 *      and restart every instance (they read tokens under either key, seal new ones under the new).
 *   3. Run `npm run rotate-key` once, anywhere with the same settings. Safe to run again.
 *   4. When it says so, remove TOKEN_ENCRYPTION_KEY_PREVIOUS and restart the instances.
 * Prints one JSON line of counts; never a token. Exit code 0 when every token is on the new key.
 */

const PREVIOUS = 'TOKEN_ENCRYPTION_KEY_PREVIOUS';

export async function rotateKey(
  config: Config,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const oauth = config.distribution;
  if (!oauth) {
    out(
      `rotate-key is for distributed mode (${TOKEN_KEY_VARIABLE}); single-workspace mode stores no tokens.`,
    );
    return 2;
  }
  if (oauth.previousTokenKeys.length === 0) {
    out(
      `Set ${PREVIOUS} to the key the tokens are sealed under now, and ${TOKEN_KEY_VARIABLE} to the new key, then run this again.`,
    );
    return 2;
  }
  const db = openDatabase(config.databaseUrl, { poolSize: 2 });
  try {
    await migrateToLatest(db);
    const cipher = createTokenCipher({ current: oauth.tokenKey, previous: oauth.previousTokenKeys });
    const result = await rotateTokenKey(db, cipher, cipher);
    // Only the new key: does every stored token open with it alone?
    const check = await verifyKeyAgainst(db, createTokenCipher({ current: oauth.tokenKey }));
    out(JSON.stringify({ keyId: oauth.tokenKey.id, ...result, done: check.ok }));
    if (!check.ok || result.conflicts > 0) {
      out(`Some tokens changed while rotating (a reinstall): run \`npm run rotate-key\` again.`);
      return 1;
    }
    out(`Every token is sealed under the new key: you can remove ${PREVIOUS} and restart the instances.`);
    return 0;
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit(2);
  process.exitCode = await rotateKey(config);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    // Our messages name key ids and the variable, never a token or a key.
    console.error(`rotate-key failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
