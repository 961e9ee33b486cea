import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, Min, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { toFieldProblems } from './validation';

class Item {
  @IsInt() @Min(1) level: number;
}
class Body {
  @IsEmail() email: string;
  @ValidateNested() @Type(() => Item) item: Item;
}

describe('toFieldProblems', () => {
  it('flattens nested errors into loc paths', () => {
    const errors = validateSync(plainToInstance(Body, { email: 'nope', item: { level: 0 } }));
    const problems = toFieldProblems(errors, 'body');
    expect(problems).toEqual(
      expect.arrayContaining([
        { loc: ['body', 'email'], msg: expect.any(String), type: 'isEmail' },
        { loc: ['body', 'item', 'level'], msg: expect.any(String), type: 'min' },
      ]),
    );
  });
});
