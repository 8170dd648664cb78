import { describe, expect, it } from 'vitest';
import { parseGv100ad } from './gv100ad';
import { sampleDirectory } from './gv100ad.fixture';

describe('GV100AD reader', () => {
  it('reads records of every level with keys, names, population and postal codes', () => {
    const r = parseGv100ad(Buffer.from(`${sampleDirectory().join('\r\n')}\r\n`, 'utf8'));
    expect(r.errors).toEqual([]);
    expect(r.encoding).toBe('utf-8');
    expect(r.municipalities).toHaveLength(5);
    const schoenberg = r.municipalities.find((m) => m.ags === '14524270')!;
    expect(schoenberg).toMatchObject({
      ars: '145245118270',
      name: 'Schönberg',
      textKey: '64',
      population: 852,
      areaHa: 1122,
      postalCode: '08393',
      postalCodeAmbiguous: false,
      validOn: '2024-12-31',
    });
    expect(r.municipalities.find((m) => m.ags === '14524030')!.postalCodeAmbiguous).toBe(true);
    expect(r.associations.get('145245118')).toMatchObject({ name: 'Meerane, Stadt', textKey: '54' });
    expect(r.districts.get('14524')?.name).toBe('Zwickau');
    expect(r.states.get('14')?.name).toBe('Sachsen');
  });

  it('reads an ISO-8859-1 file (the format before 2019) with its umlauts intact', () => {
    const r = parseGv100ad(Buffer.from(sampleDirectory().join('\n'), 'latin1'));
    expect(r.encoding).toBe('iso-8859-1');
    expect(r.errors).toEqual([]);
    expect(r.municipalities.find((m) => m.ags === '14524270')!.name).toBe('Schönberg');
  });

  it('lists every malformed line with its line number and field, and keeps the good ones', () => {
    const lines = sampleDirectory();
    const good = lines[4]!;
    const bad = [
      good.slice(0, 40), // cut short
      `70${good.slice(2)}`, // unknown record type
      `${good.slice(0, 2)}20241332${good.slice(10)}`, // 32 December
      `${good.slice(0, 15)}2x0${good.slice(18)}`, // Gemeinde key not digits
      `${good.slice(0, 122)}99${good.slice(124)}`, // no Textkennzeichen of a Gemeinde
      `${good.slice(0, 165)}8393 ${good.slice(170)}`, // four-digit postal code
      `${good.slice(0, 139)}   12a      ${good.slice(150)}`, // population not a number
      `${good.slice(0, 30)}\u0000${good.slice(31)}`,
    ];
    const r = parseGv100ad(Buffer.from([...lines, '', ...bad].join('\n'), 'utf8'));
    expect(r.municipalities).toHaveLength(5);
    expect(r.blankLines).toBe(1);
    const at = lines.length + 2;
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [at, 'line'],
      [at + 1, 'satzart'],
      [at + 2, 'gebietsstand'],
      [at + 3, 'gemeinde'],
      [at + 4, 'textkennzeichen'],
      [at + 5, 'plz'],
      [at + 6, 'bevoelkerung'],
      [at + 7, 'line'],
    ]);
  });
});
