import type { Kysely } from 'kysely';
import type { Database, OneToOne, Reflection } from '../../db/schema.js';
import type { PersonWithInstitution } from '../people.js';

/** Everything one organiser wrote, for `/onetoone export`. Always scoped to (team, organiser). */

export type ExportOneToOne = OneToOne & { person_name: string; institution_name: string | null };
export type ExportReflection = Reflection & { met_on: string; person_name: string };

export async function listAllOwnedOneToOnes(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<ExportOneToOne[]> {
  return db
    .selectFrom('one_to_ones')
    .innerJoin('people', 'people.id', 'one_to_ones.person_id')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .selectAll('one_to_ones')
    .select(['people.name as person_name', 'institutions.name as institution_name'])
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId)
    .orderBy('one_to_ones.met_on')
    .orderBy('one_to_ones.created_at')
    .execute();
}

export async function listAllOwnedReflections(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<ExportReflection[]> {
  return (
    db
      .selectFrom('reflections')
      .innerJoin('one_to_ones', 'one_to_ones.id', 'reflections.one_to_one_id')
      .innerJoin('people', 'people.id', 'one_to_ones.person_id')
      .selectAll('reflections')
      .select(['one_to_ones.met_on', 'people.name as person_name'])
      .where('reflections.team_id', '=', teamId)
      .where('reflections.organiser_id', '=', organiserId)
      // The one-to-one must be mine too; these also let the organiser's met_on index drive the scan.
      .where('one_to_ones.team_id', '=', teamId)
      .where('one_to_ones.organiser_id', '=', organiserId)
      .orderBy('one_to_ones.met_on')
      .orderBy('reflections.created_at')
      .execute()
  );
}

export async function listAllOwnedPeople(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<PersonWithInstitution[]> {
  return db
    .selectFrom('people')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .selectAll('people')
    .select('institutions.name as institution_name')
    .where('people.team_id', '=', teamId)
    .where('people.organiser_id', '=', organiserId)
    .orderBy('people.name_key')
    .orderBy('people.id')
    .execute();
}
