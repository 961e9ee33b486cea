import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, Min, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { nulCharacterProblems, toFieldProblems } from './validation';

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

describe('nulCharacterProblems', () => {
  it('finds a NUL character in any string, nested in objects and arrays, with its path', () => {
    expect(nulCharacterProblems({ a: 'ok', b: { c: ['x', 'y\u0000z'] } }, 'body')).toEqual([
      { loc: ['body', 'b', 'c', 1], msg: expect.any(String), type: 'noNulCharacter' },
    ]);
    expect(nulCharacterProblems('\u0000', 'query')).toEqual([{ loc: ['query'], msg: expect.any(String), type: 'noNulCharacter' }]);
  });

  it('accepts clean values and leaves Buffers and class instances alone', () => {
    expect(nulCharacterProblems({ a: 'fine', n: 1, t: true, z: null, list: ['a'] }, 'body')).toEqual([]);
    expect(nulCharacterProblems({ file: Buffer.from([0, 0, 0]), when: new Date(0) }, 'body')).toEqual([]);
  });
});
