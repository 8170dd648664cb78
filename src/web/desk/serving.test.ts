import { describe, expect, it } from 'vitest';
import { servingFrom, splitName, withServing } from './serving';

describe('carrying the served ticket to casework (#10)', () => {
  it('reads a well-formed ticket from the address and ignores anything else', () => {
    const id = '01900000-0000-7000-8000-000000000001';
    expect(servingFrom(new URLSearchParams(`ticket=${id}&code=T001`))).toEqual({
      ticketId: id,
      code: 'T001',
    });
    expect(servingFrom(new URLSearchParams('ticket=x&code=T001'))).toBeNull();
    expect(servingFrom(new URLSearchParams(`ticket=${id}&code=<script>`))).toBeNull();
    expect(servingFrom(new URLSearchParams(''))).toBeNull();
  });

  it('builds the query that carries it, with other values', () => {
    const serving = { ticketId: '01900000-0000-7000-8000-000000000001', code: 'A007' };
    expect(withServing(serving, { service: 's1', name: undefined })).toBe(
      '?service=s1&ticket=01900000-0000-7000-8000-000000000001&code=A007',
    );
    expect(withServing(null)).toBe('');
  });

  it('splits a booked name into family and given names for the search', () => {
    expect(splitName('Erika Johanna Mustermann (fiktiv)')).toEqual({
      familyName: 'Mustermann',
      givenNames: 'Erika Johanna',
    });
    expect(splitName('  Weiß ')).toEqual({ familyName: 'Weiß', givenNames: '' });
    expect(splitName('(fiktiv)')).toEqual({ familyName: '', givenNames: '' });
  });
});
