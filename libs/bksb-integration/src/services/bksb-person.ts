import { NotFoundException } from '@nestjs/common';
import { Clock, DirectoryPerson, PeopleDirectory, PersonType, syncWindowStart, SystemLogLine } from '@picsweb/common';

/** Who did something to a person's bksb account: a signed-in user. */
export interface Actor {
  email: string;
}

export const nameOf = (person: DirectoryPerson) => `${person.firstName} ${person.lastName}`;
/** A person as the system log names them. */
export const describePerson = (person: DirectoryPerson) => `${person.type} ${nameOf(person)} (${person.id})`;

/** The system log line of something an actor did to a person's bksb account. */
export const actionLine = (person: DirectoryPerson, actor: Actor, message: string): SystemLogLine => ({
  organisationId: person.organisationId,
  source: 'bksb',
  actor: actor.email,
  message,
});

/** The person of this organisation (within the sync window), or 404. */
export async function requirePerson(people: PeopleDirectory, clock: Clock, organisationId: string, type: PersonType, id: string): Promise<DirectoryPerson> {
  const person = await people.getPerson(organisationId, type, id, syncWindowStart(clock.now()));
  if (!person) throw new NotFoundException(`No ${type} with id ${id}.`);
  return person;
}
