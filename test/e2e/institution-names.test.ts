import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOG_BLOCK } from '../../src/interaction-ids.js';
import { blockText, logNew, response } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `/onetoone institution St Mary's Church` (issue 9's bug list): a name whose last word is also a
 * type's word ("church" is an alias of faith) is tried whole as a name first, so it is not cut
 * to "St Mary's" and reported as unknown.
 */

let t: TestApp;
const amy = { user: 'UAMY' };

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
  await logNew(t, amy, 'Grace Adeyemi', { [LOG_BLOCK.institution]: "St Mary's Church" });
  await logNew(t, amy, 'Yusuf Khan', { [LOG_BLOCK.institution]: 'Al-Noor Mosque' });
  await logNew(t, amy, 'Beth Cole', { [LOG_BLOCK.institution]: 'Hillside Primary School' });
});
afterAll(() => t.stop());

async function command(text: string): Promise<string> {
  const before = t.slack.responses.length;
  await t.send.command(text, amy);
  return blockText((await response(t, before + 1)).blocks);
}

it('finds "St Mary\'s Church" by its whole name, though "church" is a type word', async () => {
  const reply = await command("institution St Mary's Church");
  expect(reply).toContain('St Mary’s Church'.replace('’', "'"));
  expect(reply).not.toMatch(/no one .*logged/i);
});

it('still reads a trailing type when the whole text is no institution', async () => {
  const reply = await command("institution St Mary's Church faith");
  expect(reply).toContain('faith');
  const row = await t.bot.deps.db
    .selectFrom('institutions')
    .select(['name', 'type'])
    .where('name', '=', "St Mary's Church")
    .executeTakeFirstOrThrow();
  expect(row.type).toBe('faith');
});

it('a misspelt name gets the close matches and the valid types', async () => {
  const reply = await command('institution St Marys Chruch faith');
  expect(reply).toMatch(/no one .*logged/i);
  expect(reply).toContain("Did you mean “St Mary's Church”?");
  expect(reply).toContain('faith, school, union, tenants, business, public body, community group, other');
  const far = await command('institution Riverside Gurdwara');
  expect(far).not.toContain('Did you mean');
  expect(far).toContain('community group');
});

it('an institution without a type gets a type suggested from its name', async () => {
  const mosque = await command('institution Al-Noor Mosque');
  expect(mosque).toContain('It sounds like *faith*');
  // blockText is the blocks' JSON: the command's quotes are escaped in it.
  expect(mosque).toContain('`/onetoone institution \\"Al-Noor Mosque\\" faith`');
  expect(await command('institution "Hillside Primary School"')).toContain('It sounds like *school*');
  // Once set, it says what it is, no suggestion.
  await command('institution "Hillside Primary School" community group');
  const set = await command('institution "Hillside Primary School"');
  expect(set).toContain('*community group* institution');
  expect(set).not.toContain('sounds like');
});
