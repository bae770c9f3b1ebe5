import { Type } from 'class-transformer';
import { IsArray, IsString, ValidateNested } from 'class-validator';
import { createValidationPipe, MAX_LIST_ITEMS } from './validation';

let itemsMade = 0;

class Item {
  @IsString()
  id!: string;

  constructor() {
    itemsMade += 1;
  }
}

class ListDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
}

const items = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `item-${i}` }));
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: { getResponse(): unknown }) => error.getResponse());

describe('the validation pipe', () => {
  const pipe = createValidationPipe();
  const asBody = { type: 'body' as const, metatype: ListDto };

  beforeEach(() => {
    itemsMade = 0;
  });

  it('refuses a list longer than MAX_LIST_ITEMS before making any of its items', async () => {
    const refused = await refusal(pipe.transform({ items: items(MAX_LIST_ITEMS + 1) }, asBody));
    expect(refused).toMatchObject({ errors: [{ field: 'items', message: `items may hold at most ${MAX_LIST_ITEMS} items.` }] });
    expect(itemsMade).toBe(0);
    await pipe.transform({ items: items(MAX_LIST_ITEMS) }, asBody);
    expect(itemsMade).toBe(MAX_LIST_ITEMS);
  });

  it('refuses control characters anywhere in a body, a query or a path parameter, naming the field', async () => {
    expect(await refusal(pipe.transform({ items: [{ id: 'a\u0000b' }] }, asBody))).toMatchObject({
      errors: [{ field: 'items.0.id', message: 'items.0.id must not contain control characters (such as a NUL byte or a line break).' }],
    });
    expect(await refusal(pipe.transform('a\u007fb', { type: 'param', data: 'id', metatype: String }))).toMatchObject({ errors: [{ field: 'id' }] });
    expect(await refusal(pipe.transform({ search: 'tab\there' }, { type: 'query', metatype: Object }))).toMatchObject({ errors: [{ field: 'search' }] });
    expect(await pipe.transform({ search: 'Zoë Ó Briain' }, { type: 'query', metatype: Object })).toEqual({ search: 'Zoë Ó Briain' });
  });
});
