import { describe, expect, it } from 'vitest';
import { parseRetention, retentionCutoff } from '../../src/domain/retention.js';

describe('retentionCutoff', () => {
  it('goes back whole calendar months', () => {
    expect(retentionCutoff('2026-11-25', 1)).toBe('2026-10-25');
    expect(retentionCutoff('2026-11-25', 12)).toBe('2025-11-25');
    expect(retentionCutoff('2026-11-25', 24)).toBe('2024-11-25');
  });

  it('crosses year boundaries', () => {
    expect(retentionCutoff('2026-01-15', 1)).toBe('2025-12-15');
    expect(retentionCutoff('2026-02-10', 14)).toBe('2024-12-10');
  });

  it('clamps to the end of a shorter month, leap years included', () => {
    expect(retentionCutoff('2026-05-31', 3)).toBe('2026-02-28');
    expect(retentionCutoff('2024-05-31', 3)).toBe('2024-02-29');
    expect(retentionCutoff('2026-03-31', 1)).toBe('2026-02-28');
    expect(retentionCutoff('2026-07-31', 1)).toBe('2026-06-30');
  });
});

describe('parseRetention', () => {
  it('accepts months and off', () => {
    expect(parseRetention('12')).toEqual({ ok: true, months: 12 });
    expect(parseRetention(' 6 months ')).toEqual({ ok: true, months: 6 });
    expect(parseRetention('OFF')).toEqual({ ok: true, months: null });
  });

  it('refuses nonsense', () => {
    for (const bad of ['', '0', '-3', '1.5', 'twelve', '121', '12 weeks']) {
      expect(parseRetention(bad).ok, bad).toBe(false);
    }
  });
});
