import { NotFoundException, PipeTransform } from '@nestjs/common';
import { PersonType, personTypeOfSegment } from '@picsweb/common';

/** `learners` or `applicants` in a path, as a person type; anything else is not a route. */
export class PersonTypePipe implements PipeTransform<string, PersonType> {
  transform(value: string): PersonType {
    const type = personTypeOfSegment(value);
    if (!type) throw new NotFoundException('Unknown person type in the path: use learners or applicants.');
    return type;
  }
}
