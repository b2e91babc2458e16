import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND, SHORTCUT } from '../../src/interaction-ids.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const schemaPath = fileURLToPath(
  new URL('../../../shared/slack/manifest.schema.1.0.0.json', import.meta.url),
);
const manifest = parse(readFileSync(`${root}manifest.yml`, 'utf8'));

describe('manifest.yml', () => {
  it.skipIf(!existsSync(schemaPath))(
    "is valid against Slack's published manifest schema (../shared/slack)",
    () => {
      const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
      const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
      const validate = ajv.compile(schema);
      const ok = validate(manifest);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  it('declares the command and shortcut the code listens for', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toContain(COMMAND);
    expect(manifest.features.shortcuts.map((s: { callback_id: string }) => s.callback_id)).toContain(
      SHORTCUT.logOneToOne,
    );
  });

  it('declares the message shortcut that logs a one-to-one with a message author', () => {
    const shortcut = manifest.features.shortcuts.find(
      (s: { callback_id: string }) => s.callback_id === SHORTCUT.logWithAuthor,
    );
    // Slack allows a shortcut name of 24 characters (the schema above checks it): the
    // description carries the whole phrase.
    expect(shortcut).toMatchObject({ type: 'message', name: 'Log one-to-one with them' });
    expect(shortcut.description).toContain('Log a one-to-one with this person');
  });

  it('asks for what the bot calls, and subscribes to the Home tab event', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    for (const scope of [
      'commands',
      'chat:write',
      'users:read',
      'im:write',
      'channels:read',
      'groups:read',
      'files:write',
      // /onetoone import: the file_input and files shared in the DM (message.im).
      'files:read',
      'im:history',
    ]) {
      expect(scopes).toContain(scope);
    }
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.settings.event_subscriptions.bot_events).toContain('message.im');
    // A CSV can only be shared in the DM when its Messages tab is writable.
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
