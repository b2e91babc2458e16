import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, RefusalError } from '../../src/errors.js';
import { LOG_BLOCK } from '../../src/interaction-ids.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { handleNudgeButton } from '../../src/slack/listeners/actions/nudge.js';
import { blockText, buttons, logNew } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The nudge buttons at the boundary: a button value that is not a ledger id (an object, a
 * number, an array, an over-long string: a crafted payload) gets the polite "couldn't read that"
 * notice through the refusal middleware, never a TypeError, and changes nothing.
 */

const ORGANISER = 'UNUDGEB1';

describe('a nudge button with a crafted value', () => {
  let t: TestApp;
  let dm: { channel: string; ts: string; args: Record<string, any> };
  let done: { action_id: string; value?: string };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
    t.slack.users.set(ORGANISER, { id: ORGANISER, tz: 'Europe/London', real_name: 'Organiser' });
    await logNew(t, { user: ORGANISER }, 'Amina Okafor', {
      [LOG_BLOCK.metOn]: '2026-11-20',
      [LOG_BLOCK.nextStepKind]: 'introduction',
      [LOG_BLOCK.nextStepDue]: '2026-12-02',
    });
    t.clock.set('2026-12-02T10:00:00Z');
    const result = await nudgesJob.run({
      deps: t.bot.deps,
      now: new Date('2026-12-02T10:00:00Z'),
      dryRun: false,
    });
    expect(result.counts.sent).toBe(1);
    dm = t.slack.messages.find(
      (m) => m.channel === `D${ORGANISER}` && /nudges? for today/.test(m.args.text),
    )!;
    done = buttons(dm.args.blocks).find((b) => b.action_id === 'nudge:next_step:done')!;
  });
  afterAll(() => t.stop());

  async function ledger() {
    return t.bot.deps.db.selectFrom('nudge_ledger').select(['id', 'outcome']).execute();
  }

  it('answers politely for an object, a number, an array or an over-long string, and writes nothing', async () => {
    const before = await ledger();
    const updates = t.slack.callsOf('chat.update').length;
    const crafted: unknown[] = [{ id: done.value }, 42, [done.value], 'x'.repeat(101)];
    for (const [n, value] of crafted.entries()) {
      const responses = t.slack.responses.length;
      const res = await t.send.blockAction(
        { user: ORGANISER },
        { action_id: done.action_id, value: value as string },
        { channel: dm.channel, ts: dm.ts },
      );
      expect(res.status, `crafted value ${n}`).toBe(200);
      const reply = await t.slack.waitForResponse(responses + 1);
      expect(JSON.stringify(reply)).toContain('couldn’t read that request');
    }
    expect(await ledger()).toEqual(before);
    expect(t.slack.callsOf('chat.update').length).toBe(updates);
    expect(t.logs.join('\n')).not.toMatch(/TypeError|unhandled/i);
    expect(t.logs.some((l) => l.includes(ErrorCode.BadPayload))).toBe(true);
  });

  it('still works with the real value afterwards', async () => {
    const updates = t.slack.callsOf('chat.update').length;
    await t.send.blockAction(
      { user: ORGANISER },
      { action_id: done.action_id, value: done.value },
      { channel: dm.channel, ts: dm.ts },
    );
    const update = await t.slack.waitForCall('chat.update', updates + 1);
    expect(blockText(update.args.blocks)).toContain('Done: an introduction to their network');
  });
});

describe('handleNudgeButton, called directly', () => {
  it('acks, then hands a crafted value to the refusal middleware as bad_payload', async () => {
    let acked = false;
    const args = {
      ack: async () => {
        acked = true;
      },
      body: { team: { id: 'T0001' }, user: { id: 'U1' }, trigger_id: 'x' },
      action: { action_id: 'nudge:next_step:done', value: { not: 'an id' } },
      client: {},
    } as unknown as SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
    // No database needed: the value is refused before any use case runs.
    const deps = {} as Parameters<typeof handleNudgeButton>[0];
    const refusal = await handleNudgeButton(deps, args).catch((error: unknown) => error);
    expect(acked).toBe(true);
    expect(refusal).toBeInstanceOf(RefusalError);
    expect((refusal as RefusalError).code).toBe(ErrorCode.BadPayload);
  });
});
