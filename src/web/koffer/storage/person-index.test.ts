import { describe, expect, it } from 'vitest';
import { PersonIndex } from './person-index';

const people = [
  { id: 'a', data: { familyName: 'Müller-Schmidt', givenNames: 'Anna Luise', birthDate: '1961-03-12' } },
  { id: 'b', data: { familyName: 'Mueller', givenNames: 'Jörg', birthDate: '1970-01-01' } },
  { id: 'c', data: { familyName: 'Weiß', givenNames: 'José', birthName: 'Krause', birthDate: '1980-05-05' } },
];

describe('the kit’s local register search (#6)', () => {
  const index = PersonIndex.build(people);
  it('finds Müller as Mueller, parts of double names and birth names', () => {
    expect(index.search('mueller')).toEqual(expect.arrayContaining(['a', 'b']));
    expect(index.search('Schmidt anna')).toEqual(['a']);
    expect(index.search('weiss jose')).toEqual(['c']);
    expect(index.search('krause')).toEqual(['c']);
  });
  it('narrows by birth date in German or ISO form and ranks whole words first', () => {
    expect(index.search('Müller 12.03.1961')).toEqual(['a']);
    expect(index.search('1970-01-01')).toEqual(['b']);
    expect(index.search('muel')).toHaveLength(2);
    expect(index.search('nobody')).toEqual([]);
  });
});
