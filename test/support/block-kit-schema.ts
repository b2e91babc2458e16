import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * Block Kit's published JSON schema (../shared/slack/block-kit.schema.json, draft 2020-12): a
 * surface's blocks checked against it, on top of our own limit checks. The schema validates a
 * top-level array of blocks; surface-level rules (100 blocks in a Home view) are checked apart.
 */

export const BLOCK_KIT_SCHEMA_PATH = fileURLToPath(
  new URL('../../../shared/slack/block-kit.schema.json', import.meta.url),
);

export const hasBlockKitSchema = existsSync(BLOCK_KIT_SCHEMA_PATH);

let validate: ValidateFunction | undefined;

/** The schema's complaints about `blocks` (empty: valid). */
export function blockKitSchemaErrors(blocks: unknown[]): string[] {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    validate = ajv.compile(JSON.parse(readFileSync(BLOCK_KIT_SCHEMA_PATH, 'utf8')));
  }
  if (validate(blocks)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
