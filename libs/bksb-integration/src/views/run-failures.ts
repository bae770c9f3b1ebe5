import { PeopleDirectory, PERSON_TYPES, PersonType } from '@picsweb/common';
import pMap from 'p-map';
import { SyncFailure } from '../entities/bksb-sync-run.entity';

/** A run's failure as pages show it: who it was, by name. */
export interface NamedFailure {
  personType: PersonType;
  personId: string;
  /** The person's name as PICSWeb has it now; null when they are no longer in PICSWeb. */
  name: string | null;
  message: string;
}

/** Names looked up at once: a run lists at most 200 failures. */
const LOOKUPS_AT_ONCE = 8;

const isPersonType = (type: string): type is PersonType => (PERSON_TYPES as readonly string[]).includes(type);

/**
 * A run's failures with the names of the people they are about. A run stores ids only
 * (a name changed since shows as it is now), so the names are read from the host's
 * people directory when a page shows the run.
 */
export function namedFailures(people: PeopleDirectory, organisationId: string, windowStart: string, failures: SyncFailure[]): Promise<NamedFailure[]> {
  return pMap(
    failures.filter((failure) => isPersonType(failure.personType)),
    async (failure) => {
      const personType = failure.personType as PersonType;
      const person = await people.getPerson(organisationId, personType, failure.personId, windowStart);
      return { personType, personId: failure.personId, name: person ? `${person.firstName} ${person.lastName}` : null, message: failure.message };
    },
    { concurrency: LOOKUPS_AT_ONCE },
  );
}
