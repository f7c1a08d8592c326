import 'reflect-metadata';
import { IsInt, IsString, validateSync } from 'class-validator';
import { rememberValidationTargets } from './validation-metadata';

class Base {
  @IsString() name!: unknown;
}

describe('class-validator remembering the rules of a class', () => {
  it('validates as before, and sees rules declared after it first validated', () => {
    rememberValidationTargets();
    rememberValidationTargets();
    const base = Object.assign(new Base(), { name: 1 });
    expect(validateSync(base).map((e) => e.property)).toEqual(['name']);
    expect(validateSync(Object.assign(new Base(), { name: 'x' }))).toEqual([]);

    // A class declared afterwards inherits the base's rules and adds its own.
    class Derived extends Base {
      @IsInt() count!: unknown;
    }
    const derived = Object.assign(new Derived(), { name: 2, count: 'many' });
    expect(
      validateSync(derived)
        .map((e) => e.property)
        .sort(),
    ).toEqual(['count', 'name']);
    expect(validateSync(Object.assign(new Base(), { name: 3 })).map((e) => e.property)).toEqual(['name']);
  });
});
