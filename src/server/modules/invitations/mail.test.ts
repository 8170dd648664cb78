import { describe, expect, it } from 'vitest';
import { renderMail } from '../notify/templates';
import { CONSENT_CONFIRM_MAIL, INVITATION_MAIL, type InvitationMailData } from './mail';

/** The two mails of invitations by e-mail (#14, ADR 34), in German and English — no database. */
const data: InvitationMailData = {
  fictitious: false,
  name: 'Ida <Muster>',
  documents: [
    { kind: 'id_card', validUntil: '2027-03-01' },
    { kind: 'passport', validUntil: '2027-03-10' },
  ],
  officeDay: {
    date: '2027-01-20',
    startTime: '09:00',
    endTime: '12:00',
    place: 'Dorfgemeinschaftshaus Tettau',
    address: 'Dorfstraße 1, 08393 Schönberg',
  },
  bookingUrl: 'https://buergerkoffer.example/termin?leistungen=a,b&ort=tettau&tag=d1',
  bring: ['Bisheriger Personalausweis', 'Ein biometrisches Passbild'],
  withdrawUrl: 'https://buergerkoffer.example/einwilligung/TOKEN_TOKEN_TOKEN_TOKEN_TOKEN_TOKEN',
  consentGivenAt: '2026-11-02T10:00:00Z',
};

describe('invitation mail', () => {
  it('says in German what the letter says, with the booking link, what to bring, the source and the withdrawal link', () => {
    const m = renderMail(INVITATION_MAIL, 'de', data);
    expect(m.subject).toBe(
      'Personalausweis und Reisepass laufen bald ab – Einladung zum Sprechtag am Mittwoch, 20. Januar 2027',
    );
    expect(m.text).toContain('Guten Tag Ida <Muster>,');
    expect(m.text).toContain(data.bookingUrl);
    expect(m.text).toContain('• Ein biometrisches Passbild');
    expect(m.text).toContain('Melderegister und dem Ausweisregister');
    expect(m.text).toContain('am Montag, 2. November 2026 eingewilligt');
    expect(m.text).toContain(data.withdrawUrl);
    expect(m.text).not.toContain('MUSTER');
    // What a resident typed never becomes markup.
    expect(m.html).toContain('Ida &lt;Muster&gt;');
    expect(m.html).not.toContain('<Muster>');
  });

  it('exists in English, marks demo data as a specimen, and keeps the German bring list labelled as such', () => {
    const m = renderMail(INVITATION_MAIL, 'en', {
      ...data,
      fictitious: true,
      documents: [data.documents[0]!],
    });
    expect(m.subject).toBe(
      'ID card expires soon – invitation to the office day on Wednesday, 20 January 2027',
    );
    expect(m.text).toContain('SPECIMEN');
    expect(m.text).toContain('(from our service description, in German)');
    expect(m.text).toContain('Art. 6(1)(a) GDPR');
    expect(m.text).toContain(data.withdrawUrl);
  });
});

describe('confirmation mail (double opt-in)', () => {
  it('carries the confirmation link and its deadline, and says how to withdraw', () => {
    const url = 'https://buergerkoffer.example/einwilligung/abc';
    const de = renderMail(CONSENT_CONFIRM_MAIL, 'de', { confirmUrl: url, confirmBy: '2026-12-14T10:00:00Z' });
    expect(de.text).toContain(url);
    expect(de.text).toContain('Montag, 14. Dezember 2026');
    expect(de.text).toContain('Art. 7 Abs. 3 DSGVO');
    const en = renderMail(CONSENT_CONFIRM_MAIL, 'en', { confirmUrl: url, confirmBy: '2026-12-14T10:00:00Z' });
    expect(en.subject).toBe('Please confirm your email address for invitations');
    expect(en.text).toContain('Art. 7(3) GDPR');
  });
});
