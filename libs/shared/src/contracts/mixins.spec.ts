import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { escapeLike } from '../db/paginate';
import { QueryBoolean, withIdAndVersion } from './mixins';

class Flags {
  @QueryBoolean() open?: boolean;
}

class Body {}
const Action = withIdAndVersion(Body);

describe('one way per mechanism', () => {
  it('reads a query boolean from true/false only and refuses anything else', () => {
    expect(plainToInstance(Flags, { open: 'true' }).open).toBe(true);
    expect(plainToInstance(Flags, { open: 'false' }).open).toBe(false);
    expect(validateSync(plainToInstance(Flags, { open: 'yes' }))[0].property).toBe('open');
    expect(validateSync(plainToInstance(Flags, {}))).toEqual([]);
  });

  it('takes the id and the If-Match version with the body', () => {
    expect(validateSync(plainToInstance(Action, { id: 'not-a-uuid' })).map((e) => e.property)).toEqual(['id']);
    expect(validateSync(plainToInstance(Action, { id: '00000000-0000-4000-8000-000000000000', expectedVersion: -1 })).map((e) => e.property)).toEqual(['expectedVersion']);
    expect(validateSync(plainToInstance(Action, { id: '00000000-0000-4000-8000-000000000000', expectedVersion: 3 }))).toEqual([]);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});
