/**
 * A per-process memo of organisers' time zones, in front of the organisers table (which stays
 * the source of truth and is shared by every instance). Every modal, stats and nudge needs the
 * organiser's "today"; reading it from memory keeps a database round trip off the slash
 * command's hot path. Entries expire like the table's cache (see organiserTimeZone), so a
 * person who travels is seen within a day on every instance.
 */
export class TimeZoneCache {
  private readonly entries = new Map<string, { timeZone: string; checkedAt: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(teamId: string, userId: string, nowMs: number, ttlMs: number): string | undefined {
    const key = `${teamId}:${userId}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (nowMs - entry.checkedAt >= ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.timeZone;
  }

  set(teamId: string, userId: string, timeZone: string, checkedAt: number): void {
    const key = `${teamId}:${userId}`;
    this.entries.delete(key);
    this.entries.set(key, { timeZone, checkedAt });
    // Maps keep insertion order: the first key is the least recently set.
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
