import { NotFoundException, PipeTransform } from '@nestjs/common';
import { PersonType } from '@picsweb/common';

const TYPES: Record<string, PersonType> = { learners: 'learner', applicants: 'applicant' };

/** `learners` or `applicants` in a path, as a person type; anything else is not a route. */
export class PersonTypePipe implements PipeTransform<string, PersonType> {
  transform(value: string): PersonType {
    const type = TYPES[value];
    if (!type) throw new NotFoundException(`Unknown person type "${value}": use learners or applicants.`);
    return type;
  }
}
