import { describe, expect, it } from 'vitest';
import { nameTokens, normaliseHouseNumber, normaliseName, normaliseStreet, personSearchText } from './names';

describe('German name normalisation', () => {
  it('spells out umlauts so that Müller meets Mueller', () => {
    expect(normaliseName('Müller')).toBe('mueller');
    expect(normaliseName('Mueller')).toBe('mueller');
    expect(normaliseName('MÜLLER')).toBe('mueller');
  });

  it('turns ß into ss', () => {
    expect(normaliseName('Weiß')).toBe(normaliseName('Weiss'));
    expect(normaliseName('STRAẞE')).toBe('strasse');
  });

  it('drops accents and maps letters NFD cannot split', () => {
    expect(normaliseName('José')).toBe('jose');
    expect(normaliseName('Zoë')).toBe('zoe');
    expect(normaliseName('Łukasz Dvořák')).toBe('lukasz dvorak');
    expect(normaliseName('Yılmaz')).toBe('yilmaz');
    expect(normaliseName('Øster')).toBe('oster');
  });

  it('splits double names into words so each part can be found', () => {
    expect(nameTokens('Müller-Lüdenscheidt')).toEqual(['mueller', 'luedenscheidt']);
    expect(nameTokens("O'Brien")).toEqual(['o', 'brien']);
    expect(personSearchText('Müller-Lüdenscheidt', 'Schmidt')).toBe(' mueller luedenscheidt schmidt');
  });

  it('treats decomposed and composed input alike', () => {
    expect(normaliseName('Mu\u0308ller')).toBe('mueller');
  });

  it('writes every form of Straße the same way', () => {
    expect(normaliseStreet('Hauptstraße')).toBe('hauptstr');
    expect(normaliseStreet('Hauptstr.')).toBe('hauptstr');
    expect(normaliseStreet('Hauptstrasse')).toBe('hauptstr');
    expect(normaliseStreet('Straße des Friedens')).toBe('str des friedens');
    expect(normaliseStreet('Am Anger')).toBe('am anger');
  });

  it('reads house numbers with or without spaces', () => {
    expect(normaliseHouseNumber('12 a')).toBe('12a');
    expect(normaliseHouseNumber('12A')).toBe('12a');
  });
});
