import { describe, expect, it } from 'vitest';
import { LEARNED_BLOCK, LOG_ACTIONS } from '../../src/interaction-ids.js';
import { channelSchedule } from '../../src/services/digest-schedule.js';
import { logModal } from '../../src/views/log-modal.js';
import { nudgeMessage } from '../../src/views/nudges.js';
import { blockKitSchemaErrors, hasBlockKitSchema } from '../support/block-kit-schema.js';

/** The pure pieces of issue 9's last gaps: a channel's own digest schedule, and two views. */

const workspace = { day: 'monday', time: '09:00', timeZone: 'Europe/London' } as const;
const none = { channel_id: 'C1', digest_day: null, digest_time: null, time_zone: null };

describe('channelSchedule', () => {
  it('is the workspace’s without a subscription or with nothing of its own', () => {
    expect(channelSchedule(workspace, undefined)).toEqual(workspace);
    expect(channelSchedule(workspace, none)).toEqual(workspace);
  });

  it('takes each of the channel’s own fields over the workspace’s', () => {
    expect(channelSchedule(workspace, { ...none, digest_day: 'friday', digest_time: '16:00' })).toEqual({
      day: 'friday',
      time: '16:00',
      timeZone: 'Europe/London',
    });
    expect(channelSchedule(workspace, { ...none, time_zone: 'Asia/Tokyo' })).toEqual({
      ...workspace,
      timeZone: 'Asia/Tokyo',
    });
  });
});

const week = { held: 2, goal: 5, current: true };

describe('the daily summary’s What I learned buttons', () => {
  it('offers one per meeting whose step two is empty, each with its own action id, names as plain text', () => {
    const m = nudgeMessage({
      cards: [],
      folded: 0,
      more: 0,
      summary: {
        logged: [
          { who: 'Amina *Okafor* <!here>', nth: 1, learnId: 'O1' },
          { who: 'Sam', nth: 2 },
          { who: 'Kofi', nth: 1, learnId: 'O3' },
        ],
        moreLogged: 0,
        earlier: 0,
        week,
      },
    });
    const block = m.blocks.find((b) => b.block_id === LEARNED_BLOCK) as any;
    expect(block.type).toBe('actions');
    expect(block.elements.map((e: any) => [e.action_id, e.value, e.text.type, e.text.text])).toEqual([
      ['open_learned_0', 'O1', 'plain_text', 'What I learned: Amina *Okafor* <!here>'],
      ['open_learned_1', 'O3', 'plain_text', 'What I learned: Kofi'],
    ]);
    for (const e of block.elements) expect(LOG_ACTIONS.test(e.action_id)).toBe(true);
    if (hasBlockKitSchema) expect(blockKitSchemaErrors(m.blocks)).toEqual([]);
  });

  it('has no block when every step two is written', () => {
    const m = nudgeMessage({
      cards: [],
      folded: 0,
      more: 0,
      summary: { logged: [{ who: 'Sam', nth: 2 }], moreLogged: 0, earlier: 0, week },
    });
    expect(m.blocks.some((b) => b.block_id === LEARNED_BLOCK)).toBe(false);
  });
});

describe('the follow-up log form', () => {
  it('shows the step being followed up as an escaped context line, and nothing without one', () => {
    const person = { id: 'P1', name: 'Amina', institutionName: null };
    const view = logModal({ today: '2026-12-03', person, followingUp: { note: 'Bring <@U123> & *flyers*' } });
    const line = JSON.stringify(view.blocks.filter((b) => b.type === 'context'));
    expect(line).toContain('Following up your next step: Bring &lt;@U123&gt; &amp;');
    expect(line).not.toContain('<@U123>');
    expect(JSON.stringify(logModal({ today: '2026-12-03', person }).blocks)).not.toContain('Following up');
  });
});
