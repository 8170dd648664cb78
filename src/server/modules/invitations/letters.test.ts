import { describe, expect, it } from 'vitest';
import type { ServiceContent } from '../../../core/catalog/content';
import { checkTaggedPdf } from '../../pdf/tag-check';
import { bringList, type Letter, officeDayText, renderInvitationLetters, subjectLine } from './letters';

const service = (documents: ServiceContent['documents']) => ({ documents }) as ServiceContent;

const letter: Letter = {
  fictitious: false,
  name: 'Ida Beispiel',
  addressLines: ['Dorfstraße 12', '08393 Schönberg OT Tettau'],
  documents: [{ kind: 'id_card', validUntil: '2027-02-04' }],
  officeDay: {
    date: '2026-12-16',
    startTime: '14:00',
    endTime: '17:00',
    place: 'Dorfgemeinschaftshaus',
    address: 'Dorfstraße 1, 08393 Schönberg',
  },
  bookingUrl: `http://localhost:3000/termin?leistungen=${'0'.repeat(36)}%2C${'1'.repeat(36)}&ort=tettau&tag=${'2'.repeat(36)}`,
  bring: ['Bisheriger Personalausweis'],
};
const authority = {
  name: 'Stadt Beispiel',
  shortName: 'Stadt Beispiel',
  street: 'Markt 1',
  postalCode: '08393',
  city: 'Beispiel',
  phone: null,
  email: null,
};

describe('invitation letters (#14)', () => {
  it('lists the required documents of both services once, with their notes', () => {
    expect(
      bringList([
        service([
          { item: 'Bisheriger Personalausweis', note: 'Auch wenn er abgelaufen ist.', required: true },
          { item: 'Passfoto', note: null, required: true },
          { item: 'Geburtsurkunde', note: null, required: false },
        ]),
        service([{ item: 'passfoto', note: null, required: true }]),
      ]),
    ).toEqual(['Bisheriger Personalausweis – Auch wenn er abgelaufen ist.', 'Passfoto']);
  });

  it('names the weekday and agrees the verb with one or two documents', () => {
    expect(officeDayText(letter.officeDay)).toBe('Mittwoch, 16.12.2026, 14:00 bis 17:00 Uhr');
    expect(subjectLine(letter)).toBe('Personalausweis läuft bald ab – Einladung zum Sprechtag am 16.12.2026');
    expect(
      subjectLine({
        ...letter,
        documents: [...letter.documents, { kind: 'passport', validUntil: '2027-03-01' }],
      }),
    ).toMatch(/^Personalausweis und Reisepass laufen bald ab/);
  });

  it('keeps the booking link whole in the text and never on a real letter marks it as a specimen', async () => {
    const report = checkTaggedPdf(await renderInvitationLetters(authority, [letter, letter], '2026-12-07'));
    expect(report.problems).toEqual([]);
    expect(report.pages).toBe(2);
    expect(report.text.replace(/\s+/g, '')).toContain(letter.bookingUrl);
    expect(report.text).not.toContain('MUSTER');
  });

  it('says so on a sheet of its own when a run has no letters left', async () => {
    const report = checkTaggedPdf(await renderInvitationLetters(authority, [], '2026-12-07'));
    expect(report.problems).toEqual([]);
    expect(report.text).toContain('Keine Einladungen');
  });
});
