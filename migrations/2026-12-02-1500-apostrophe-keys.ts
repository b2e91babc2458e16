import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. Name keys now read every apostrophe look-alike
// (’ ‘ ʼ ʻ ‛ ` ′, and ´ which NFKC stored as a space and a combining accent) as a plain ' so "St Mary’s" (typed on a phone) and "St Mary's" (typed on a laptop)
// are one institution and one person. Stored keys are rewritten here; display names are not.
//
// Row by row rather than one UPDATE: two stored keys may fold to the same key (both spellings
// already logged as two rows), and a unique key must not stop the migration. Such a row keeps
// its old key: it stays reachable by id (lists, the map) and nothing is merged behind anyone's
// back; new lookups find the row that already had the folded key.

const LOOK_ALIKES = ['\u2019', '\u2018', '\u02BC', '\u02BB', '\u201B', '`', '\u2032', ' \u0301'];
const FOLD = new RegExp(LOOK_ALIKES.join('|'), 'g');
const fold = (key: string): string => key.replace(FOLD, "'");
const ANY_LOOK_ALIKE = LOOK_ALIKES.map((a) => `%${a}%`);

interface Target {
  table: string;
  column: string;
  /** The columns that, with the key, must stay unique (besides team_id). */
  scope: string[];
}

const TARGETS: Target[] = [
  { table: 'institutions', column: 'name_key', scope: [] },
  { table: 'people', column: 'name_key', scope: ['organiser_id', 'institution_key'] },
  { table: 'people', column: 'institution_key', scope: ['organiser_id', 'name_key'] },
  // Not unique, only searched: every row folds.
  { table: 'slack_members', column: 'name_key', scope: [] },
  { table: 'campaign_themes', column: 'label_key', scope: [] },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, column, scope } of TARGETS) {
    const idColumns = table === 'slack_members' ? ['team_id', 'user_id'] : ['id'];
    const uniqueWithin = table === 'campaign_themes' ? ['campaign_id'] : ['team_id', ...scope];
    const rows = await db
      .selectFrom(table)
      .select([...new Set([...idColumns, ...uniqueWithin, column])])
      .where((eb) => eb.or(ANY_LOOK_ALIKE.map((p) => eb(column, 'like', p))))
      .execute();
    for (const row of rows) {
      const folded = fold(row[column] as string);
      if (folded === row[column]) continue;
      if (table !== 'slack_members') {
        let clash = db
          .selectFrom(table)
          .select(idColumns[0] as string)
          .where(column, '=', folded);
        for (const c of uniqueWithin) clash = clash.where(c, '=', row[c]);
        if (await clash.executeTakeFirst()) continue;
      }
      let update = db.updateTable(table).set({ [column]: folded });
      for (const c of idColumns) update = update.where(c, '=', row[c]);
      await update.execute();
    }
  }
}

export async function down(): Promise<void> {
  // The old keys cannot be told apart again; folded keys still work with the old code's lookups
  // for names typed with a straight apostrophe.
}
