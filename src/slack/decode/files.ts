import type { IncomingFile } from '../../services/import.js';

/**
 * Slack file objects from a payload (a file_input's `files` in view_submission state, or a
 * `file_share` message's `files`) to what the import reads. Every value is checked for its type
 * and length: a crafted payload (an object for a name, a thousand files) is cut down here.
 * The URL is only handed on: the Slack port refuses any host that is not Slack's.
 */

/** More than a file_input (10) or a message allows. */
const MAX_FILES = 20;
const NAME_MAX = 255;
const URL_MAX = 2000;

function str(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

export function decodeFiles(value: unknown): IncomingFile[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_FILES).flatMap((f: unknown): IncomingFile[] => {
    if (typeof f !== 'object' || f === null) return [];
    const o = f as Record<string, unknown>;
    const name = str(o.name, NAME_MAX) ?? str(o.title, NAME_MAX) ?? 'file';
    const file: IncomingFile = { name };
    const filetype = str(o.filetype, 50);
    const mimetype = str(o.mimetype, 200);
    const url = str(o.url_private_download, URL_MAX);
    if (filetype) file.filetype = filetype;
    if (mimetype) file.mimetype = mimetype;
    if (url) file.url = url;
    if (typeof o.size === 'number' && Number.isFinite(o.size) && o.size >= 0) file.size = o.size;
    return [file];
  });
}

/** A file_input's files in a submitted view's state, by block id. */
export function filesInState(values: unknown, blockId: string): IncomingFile[] {
  const block = (values as Record<string, Record<string, { files?: unknown }>> | undefined)?.[blockId];
  if (!block || typeof block !== 'object') return [];
  const element = Object.values(block)[0];
  return decodeFiles(element?.files);
}
