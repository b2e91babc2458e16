import { describe, expect, it } from 'vitest';
import {
  AGENDA_POINTS_MAX,
  type Agenda,
  emptyLadder,
  evaluationThisWeek,
  nextEvaluation,
  type OrganiserFigures,
  parseClockTime,
  parseShareCommand,
  parseWeekday,
  TEAM_VIEW_MAX,
  validateAgendaPoints,
} from '../../src/domain/lead.js';
import { LEAD_ACTION } from '../../src/interaction-ids.js';
import { BLOCK_KIT } from '../../src/views/block-kit.js';
import { leadHomeBlocks } from '../../src/views/lead-home.js';
import {
  agendaMessage,
  agendaPointsModal,
  decodePointsMetadata,
  sharedMessage,
  sharedReflectionsModal,
  teamMessage,
} from '../../src/views/lead-messages.js';
import { reflectionModal } from '../../src/views/reflection-modal.js';
import { blockKitSchemaErrors, hasBlockKitSchema } from '../support/block-kit-schema.js';

/** Issue 12's rules and views, pure: the command, the evaluation's time across zones, every surface within Slack's limits. */

describe('parseShareCommand', () => {
  it('reads a mention, and refuses typed names', () => {
    expect(parseShareCommand('with <@U123ABC|priya>')).toEqual({ kind: 'with', leadId: 'U123ABC' });
    expect(parseShareCommand('stop <@U123ABC>')).toEqual({ kind: 'stop', leadId: 'U123ABC' });
    expect(parseShareCommand('with priya')).toEqual({ kind: 'usage', problem: 'mention' });
    expect(parseShareCommand('with <@U1|a> <@U2|b>')).toEqual({ kind: 'usage', problem: 'mention' });
    expect(parseShareCommand('')).toEqual({ kind: 'status' });
    expect(parseShareCommand('everyone')).toEqual({ kind: 'usage', problem: 'unknown' });
  });

  it('reads a schedule, with or without a lead, and off', () => {
    expect(parseShareCommand('schedule friday 10:00')).toEqual({
      kind: 'schedule',
      weekday: 5,
      time: '10:00',
    });
    expect(parseShareCommand('schedule <@U9AB|x> Mon 9:30')).toEqual({
      kind: 'schedule',
      leadId: 'U9AB',
      weekday: 1,
      time: '09:30',
    });
    expect(parseShareCommand('schedule off')).toEqual({ kind: 'scheduleOff' });
    for (const bad of [
      'schedule',
      'schedule friday',
      'schedule fr 10:00',
      'schedule friday 24:00',
      'schedule friday 10:61',
      'schedule friday ten',
    ]) {
      expect(parseShareCommand(bad)).toEqual({ kind: 'usage', problem: 'schedule' });
    }
  });

  it('parses days and times', () => {
    expect(parseWeekday('SUN')).toBe(7);
    expect(parseWeekday('s')).toBeUndefined();
    expect(parseClockTime('14h')).toBe('14:00');
    expect(parseClockTime('7')).toBe('07:00');
    expect(parseClockTime('-1:00')).toBeUndefined();
  });
});

describe('the evaluation’s time, on the organiser’s wall clock', () => {
  const friday10 = (timeZone: string) => ({ weekday: 5, time: '10:00', timeZone });

  it('is due from an hour before until it starts', () => {
    const s = friday10('Europe/London');
    expect(evaluationThisWeek(new Date('2026-12-04T08:59:59Z'), s).due).toBe(false);
    expect(evaluationThisWeek(new Date('2026-12-04T09:00:00Z'), s)).toMatchObject({
      evalOn: '2026-12-04',
      due: true,
    });
    expect(evaluationThisWeek(new Date('2026-12-04T10:00:00Z'), s).due).toBe(false);
  });

  it('follows the zone and its summer time', () => {
    // New York in December is UTC−5: 10:00 local is 15:00 UTC.
    expect(evaluationThisWeek(new Date('2026-12-04T14:30:00Z'), friday10('America/New_York')).due).toBe(true);
    // London in July is UTC+1: 10:00 local is 09:00 UTC, due from 08:00.
    expect(evaluationThisWeek(new Date('2026-07-03T08:10:00Z'), friday10('Europe/London')).due).toBe(true);
    // Auckland (UTC+13) is already Saturday morning on Friday evening UTC: its Friday 10:00 has
    // passed (it was 21:00 UTC on Thursday), so nothing is due, and the next is a week on.
    const nz = evaluationThisWeek(new Date('2026-12-04T20:30:00Z'), friday10('Pacific/Auckland'));
    expect(nz).toMatchObject({ evalOn: '2026-12-04', due: false });
    expect(nz.at.toISOString()).toBe('2026-12-03T21:00:00.000Z');
    expect(evaluationThisWeek(new Date('2026-12-03T20:15:00Z'), friday10('Pacific/Auckland')).due).toBe(true);
  });

  it('names next week’s once this week’s has begun', () => {
    const next = nextEvaluation(new Date('2026-12-04T10:30:00Z'), friday10('Europe/London'));
    expect(next.evalOn).toBe('2026-12-11');
    expect(next.at.toISOString()).toBe('2026-12-11T10:00:00.000Z');
  });
});

describe('agenda points', () => {
  it('are optional, bounded, and strings only', () => {
    expect(validateAgendaPoints('  ')).toEqual({ ok: true, points: null });
    expect(validateAgendaPoints(null)).toEqual({ ok: true, points: null });
    expect(validateAgendaPoints('x'.repeat(AGENDA_POINTS_MAX))).toMatchObject({ ok: true });
    expect(validateAgendaPoints('x'.repeat(AGENDA_POINTS_MAX + 1)).ok).toBe(false);
    expect(validateAgendaPoints({ evil: true }).ok).toBe(false);
  });

  it('metadata accepts only our own shape', () => {
    expect(decodePointsMetadata(JSON.stringify({ shareId: 'a', evalOn: '2026-12-04' }))).toEqual({
      shareId: 'a',
      evalOn: '2026-12-04',
    });
    for (const bad of [
      '{',
      '[]',
      JSON.stringify({ shareId: 1, evalOn: '2026-12-04' }),
      JSON.stringify({ shareId: 'a', evalOn: 'x' }),
      42,
    ]) {
      expect(decodePointsMetadata(bad)).toBeUndefined();
    }
  });
});

function figures(i: number): OrganiserFigures {
  return {
    organiserId: `U${String(i).padStart(8, '0')}`,
    today: '2026-12-02',
    goal: 100,
    thisWeek: 999,
    weeks: Array.from({ length: 8 }, (_, w) => ({ start: `2026-10-${10 + w}`, held: 9999, goal: 100 })),
    houseMeetings: { thisWeek: 999, inWeeks: 9999 },
    nextSteps: { dueThisWeek: 9999, stillOpen: 9999, doneThisWeek: 9999 },
    reflectionsPending: 9999,
    ladder: { ...emptyLadder(), met_once: 99999, met_again: 99999 },
    movedUp: { metAgain: 999, introduced: 999, action: 999 },
    introductions: { made: 999, met: 999 },
    themes: Array.from({ length: 12 }, (_, k) => ({ label: `${'*<@U1>&'.repeat(30)}${k}`, people: 99 })),
    sharedReflections: i % 2,
  };
}

function withinLimits(blocks: any[], max: number) {
  expect(blocks.length).toBeLessThanOrEqual(max);
  for (const b of blocks) {
    if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.sectionText);
  }
  if (hasBlockKitSchema) expect(blockKitSchemaErrors(blocks)).toEqual([]);
}

describe('views within Slack’s limits, whatever the figures', () => {
  it('the team view for the most organisers it shows', () => {
    const m = teamMessage({ rows: Array.from({ length: TEAM_VIEW_MAX }, (_, i) => figures(i)), more: 12 });
    withinLimits(m.blocks, BLOCK_KIT.messageBlocks);
    // A theme label's markup is rendered as typed, never as a mention.
    expect(JSON.stringify(m.blocks)).not.toContain('<@U1>&');
  });

  it('the Home section for 40 organisers takes a handful of blocks', () => {
    const blocks = leadHomeBlocks({ rows: Array.from({ length: 40 }, (_, i) => figures(i)), more: 3 });
    expect(blocks.length).toBeLessThanOrEqual(8);
    withinLimits(blocks, BLOCK_KIT.homeBlocks);
  });

  it('the agenda and the points modal with the longest points', () => {
    const agenda: Agenda = {
      shareId: 's'.repeat(36),
      organiserId: 'U1',
      leadId: 'U2',
      evalOn: '2026-12-04',
      at: '2026-12-04T10:00:00.000Z',
      schedule: { weekday: 5, time: '10:00', timeZone: 'America/Argentina/ComodRivadavia' },
      figures: figures(1),
      points: '<!channel> *'.repeat(300),
    };
    for (const who of ['organiser', 'lead'] as const) {
      const m = agendaMessage(agenda, who);
      withinLimits(m.blocks, BLOCK_KIT.messageBlocks);
      expect(JSON.stringify(m.blocks)).not.toContain('<!channel>');
    }
    const modal = agendaPointsModal({
      shareId: 'x',
      evalOn: '2026-12-04',
      leadId: 'U2',
      points: 'y'.repeat(3000),
    });
    withinLimits(modal.blocks as any[], BLOCK_KIT.modalBlocks);
    expect(modal.private_metadata!.length).toBeLessThanOrEqual(BLOCK_KIT.privateMetadata);
  });

  it('shared reflections and the sharing overview', () => {
    const long = 'z'.repeat(3000);
    const modal = sharedReflectionsModal({
      organiserId: 'U1',
      reflections: Array.from({ length: 10 }, (_, i) => ({
        reflectionId: `r${i}`,
        metOn: '2026-12-01',
        sharedAt: '2026-12-02T10:00:00.000Z',
        motivations: long,
        contribution: long,
        differently: long,
        depth: 'self_interest',
      })),
    });
    withinLimits(modal.blocks as any[], BLOCK_KIT.modalBlocks);
    const shared = sharedMessage({
      leads: Array.from({ length: 5 }, (_, i) => ({
        leadId: `U${i}`,
        status: 'accepted' as const,
        since: '2026-11-01T10:00:00.000Z',
        schedule: { weekday: 5, time: '10:00', timeZone: 'Europe/London' },
      })),
      access: Array.from({ length: 15 }, () => ({
        leadId: 'U1',
        what: 'team' as const,
        at: '2026-12-01T10:00:00.000Z',
      })),
      reflections: Array.from({ length: 20 }, (_, i) => ({
        reflectionId: `r${i}`,
        leadId: 'U1',
        metOn: '2026-11-30',
        sharedAt: '2026-12-01T10:00:00.000Z',
      })),
      timeZone: 'Europe/London',
    });
    withinLimits(shared.blocks, BLOCK_KIT.messageBlocks);
  });
});

describe('sharing one reflection from the reflection modal', () => {
  const form = {
    oneToOneId: 'o1',
    personName: 'Amina',
    institutionName: null,
    metOn: '2026-12-01',
    learned: { values: false, depth: false },
  };
  const existing = { motivations: 'm', contribution: null, differently: null, depth: null };
  const sharing = { oneToOneId: 'o1', leadIds: ['ULEAD1', 'ULEAD2'], sharedWith: [] as string[] };
  const leadButtons = (blocks: any[]) =>
    blocks
      .filter((b) => b.accessory?.action_id?.startsWith('lead_'))
      .map((b) => [b.accessory.action_id, b.accessory.value]);

  it('offers Share on a saved reflection only, and Stop sharing once shared', () => {
    // A reflection not saved yet cannot be shared.
    expect(leadButtons(reflectionModal({ ...form, leadSharing: sharing }).blocks as any[])).toEqual([]);
    const offer = reflectionModal({ ...form, existing, leadSharing: sharing });
    expect(leadButtons(offer.blocks as any[])).toEqual([[LEAD_ACTION.shareInModal, 'o1']]);
    expect(JSON.stringify(offer.blocks)).toContain('<@ULEAD1>, <@ULEAD2>');
    const shared = reflectionModal({
      ...form,
      existing,
      leadSharing: { ...sharing, sharedWith: ['ULEAD2'] },
    });
    expect(leadButtons(shared.blocks as any[])).toEqual([[LEAD_ACTION.unshareInModal, 'o1']]);
    expect(JSON.stringify(shared.blocks)).toContain('Shared with <@ULEAD2>');
    // No lead and shared with nobody: nothing about sharing (the service gives no leadSharing).
    expect(leadButtons(reflectionModal({ ...form, existing }).blocks as any[])).toEqual([]);
    withinLimits(shared.blocks as any[], BLOCK_KIT.modalBlocks);
    withinLimits(offer.blocks as any[], BLOCK_KIT.modalBlocks);
  });
});
