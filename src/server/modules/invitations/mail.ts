import type { InvitableKind, SelectedInvitation } from '../../../core/invitations/rules';
import type { Locale } from '../../../core/locale';
import { ID_DOCUMENT_LABELS } from '../../../core/register/vocabulary';
import type { Executor } from '../../db/database';
import { hashToken, newToken } from '../../http/auth';
import { type AuditActor, recordAudits } from '../audit/service';
import { formatDay } from '../notify/format';
import { queueMail } from '../notify/service';
import { defineMailTemplate } from '../notify/templates';
import { activeConsents, consentUrl } from './consent';
import { composeInvitations } from './download';

/**
 * Invitations by e-mail (#14, ADR 34): the two mails of the module — the confirmation of a new
 * address (double opt-in) and the invitation itself — and the queueing of a run's invitation
 * mails. Every invitation mail carries its own withdrawal link (a fresh single-purpose token,
 * stored as a hash).
 */

export interface ConsentConfirmMailData {
  confirmUrl: string;
  confirmBy: string;
}

export const CONSENT_CONFIRM_MAIL = defineMailTemplate<ConsentConfirmMailData>(
  'invitations.consent-confirm',
  (d, locale) =>
    locale === 'de'
      ? {
          subject: 'Bitte bestätigen Sie Ihre E-Mail-Adresse für Einladungen',
          greeting: 'Guten Tag,',
          paragraphs: [
            'Sie haben im Bürgerbüro eingewilligt, dass wir Sie vor Ablauf Ihres Personalausweises oder Reisepasses per E-Mail zu einem Sprechtag in Ihrem Ort einladen. Bitte bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört.',
          ],
          action: { label: 'E-Mail-Adresse bestätigen', url: d.confirmUrl },
          after: [
            `Der Link gilt bis ${formatDay('de', d.confirmBy)}. Ohne Bestätigung schreiben wir Ihnen keine E-Mail, sondern wie bisher einen Brief.`,
            'Waren Sie das nicht? Dann ignorieren Sie diese Nachricht, oder öffnen Sie den Link und widerrufen Sie.',
            'Sie können Ihre Einwilligung jederzeit widerrufen (Art. 7 Abs. 3 DSGVO): über den Link in jeder Einladung oder im Bürgerbüro. Wir verwenden die Adresse nur für diese Einladungen (Art. 6 Abs. 1 lit. a DSGVO).',
          ],
        }
      : {
          subject: 'Please confirm your email address for invitations',
          greeting: 'Hello,',
          paragraphs: [
            'At the citizens’ office you agreed that we may invite you by email to an office day in your village before your ID card or passport expires. Please confirm that this email address is yours.',
          ],
          action: { label: 'Confirm email address', url: d.confirmUrl },
          after: [
            `The link works until ${formatDay('en', d.confirmBy)}. Without your confirmation we send you no email, but a letter as before.`,
            'This was not you? Then ignore this message, or open the link and withdraw.',
            'You can withdraw your consent at any time (Art. 7(3) GDPR): with the link in every invitation or at the citizens’ office. We use the address for these invitations only (Art. 6(1)(a) GDPR).',
          ],
        },
);

export interface InvitationMailData {
  fictitious: boolean;
  name: string;
  documents: { kind: InvitableKind; validUntil: string }[];
  officeDay: { date: string; startTime: string; endTime: string; place: string; address: string };
  bookingUrl: string;
  bring: string[];
  withdrawUrl: string;
  consentGivenAt: string;
}

const kindsText = (d: InvitationMailData, locale: Locale) =>
  d.documents.map((x) => ID_DOCUMENT_LABELS[x.kind][locale]).join(locale === 'de' ? ' und ' : ' and ');

export const INVITATION_MAIL = defineMailTemplate<InvitationMailData>(
  'invitations.invitation',
  (d, locale) => {
    const de = locale === 'de';
    const specimen = d.fictitious
      ? [
          de
            ? 'MUSTER – fiktive Demodaten, keine echte Einladung.'
            : 'SPECIMEN – fictitious demo data, not a real invitation.',
        ]
      : [];
    const validity = d.documents.map((x) =>
      de
        ? `Ihr ${ID_DOCUMENT_LABELS[x.kind].de} ist noch bis zum ${formatDay('de', x.validUntil)} gültig.`
        : `Your ${ID_DOCUMENT_LABELS[x.kind].en.toLowerCase()} is valid until ${formatDay('en', x.validUntil)}.`,
    );
    const day = formatDay(locale, d.officeDay.date);
    const time = de
      ? `${d.officeDay.startTime} bis ${d.officeDay.endTime} Uhr`
      : `${d.officeDay.startTime} to ${d.officeDay.endTime}`;
    const bring = d.bring.map((item) => `• ${item}`);
    return de
      ? {
          subject: `${kindsText(d, 'de')} ${d.documents.length > 1 ? 'laufen' : 'läuft'} bald ab – Einladung zum Sprechtag am ${day}`,
          greeting: `Guten Tag ${d.name},`,
          paragraphs: [
            ...specimen,
            ...validity,
            'Das mobile Bürgerbüro kommt in Ihren Ort. Dort können Sie den neuen Ausweis beantragen:',
          ],
          facts: [
            ['Sprechtag', `${day}, ${time}`],
            ['Ort', `${d.officeDay.place}, ${d.officeDay.address}`],
          ],
          action: {
            label: 'Termin buchen (Sprechtag und Leistung sind schon ausgewählt)',
            url: d.bookingUrl,
          },
          after: [
            'Bitte bringen Sie mit:',
            ...bring,
            'Haben Sie schon einen neuen Ausweis beantragt oder brauchen Sie keinen, ist diese Nachricht für Sie erledigt. Der Termin ist ein Angebot; Sie können den Ausweis auch zu den Öffnungszeiten im Bürgerbüro beantragen.',
            `Datenschutz: Ihren Namen und das Ablaufdatum Ihres Ausweises haben wir aus dem Melderegister und dem Ausweisregister, weil wir Ausweise ausstellen (§ 9 PAuswG, § 6 PassG; Art. 6 Abs. 1 lit. e DSGVO). Per E-Mail schreiben wir Ihnen, weil Sie am ${formatDay('de', d.consentGivenAt)} eingewilligt haben (Art. 6 Abs. 1 lit. a DSGVO). Mehr dazu auf unserer Internetseite unter „Datenschutz“.`,
            `Keine Einladungen mehr per E-Mail? Sie können Ihre Einwilligung jederzeit widerrufen; dann schreiben wir Ihnen wieder per Brief: ${d.withdrawUrl}`,
          ],
        }
      : {
          subject: `${kindsText(d, 'en')} ${d.documents.length > 1 ? 'expire' : 'expires'} soon – invitation to the office day on ${day}`,
          greeting: `Dear ${d.name},`,
          paragraphs: [
            ...specimen,
            ...validity,
            'The mobile citizens’ office comes to your village. You can apply for the new document there:',
          ],
          facts: [
            ['Office day', `${day}, ${time}`],
            ['Place', `${d.officeDay.place}, ${d.officeDay.address}`],
          ],
          action: {
            label: 'Book an appointment (office day and service are already selected)',
            url: d.bookingUrl,
          },
          after: [
            'Please bring (from our service description, in German):',
            ...bring,
            'If you have already applied for a new document or do not need one, you need not do anything. The appointment is an offer; you can also apply at the citizens’ office during opening hours.',
            `Data protection: we took your name and the expiry date of your document from the population register and the ID register, because we issue ID documents (section 9 PAuswG, section 6 PassG; Art. 6(1)(e) GDPR). We write to you by email because you consented on ${formatDay('en', d.consentGivenAt)} (Art. 6(1)(a) GDPR). More under “Privacy” on our website.`,
            `No more invitations by email? You can withdraw your consent at any time; we will then write to you by letter again: ${d.withdrawUrl}`,
          ],
        };
  },
);

/**
 * Queues the invitation mails of a run's new e-mail invitations (inside the run's transaction):
 * one per person and office day, to the person's active consent, with a fresh withdrawal link;
 * one audit row per person (`invitation.mail`, no address). Returns "person|office day" of each
 * mail sent; an invitation whose person has no active consent any more or whose mail cannot be
 * composed stays a letter (the caller switches it).
 */
export async function queueInvitationMails(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  runId: string,
  invitations: SelectedInvitation[],
  publicUrl: string,
): Promise<Set<string>> {
  const mailed = new Set<string>();
  if (invitations.length === 0) return mailed;
  const personIds = [...new Set(invitations.map((i) => i.personId))];
  const consents = new Map((await activeConsents(trx, authorityId, personIds)).map((c) => [c.person_id, c]));
  const contents = await composeInvitations(
    trx,
    authorityId,
    invitations
      .filter((i) => consents.has(i.personId))
      .map((i) => ({
        person_id: i.personId,
        office_day_id: i.officeDayId,
        document_kind: i.documentKind,
        valid_until: i.validUntil,
      })),
    publicUrl,
  );
  const audits: Parameters<typeof recordAudits>[2] = [];
  for (const letter of contents) {
    const consent = consents.get(letter.personId)!;
    const token = newToken();
    await trx
      .insertInto('invitation_consent_tokens')
      .values({
        token_hash: hashToken(token),
        authority_id: authorityId,
        consent_id: consent.id,
        kind: 'withdraw',
      })
      .execute();
    const data: InvitationMailData = {
      fictitious: letter.fictitious,
      name: letter.name,
      documents: letter.documents,
      officeDay: letter.officeDay,
      bookingUrl: letter.bookingUrl,
      bring: letter.bring,
      withdrawUrl: consentUrl(publicUrl, token),
      consentGivenAt: consent.given_at.toISOString(),
    };
    await queueMail(trx, {
      to: consent.email!,
      template: INVITATION_MAIL,
      locale: consent.locale,
      data,
      authorityId,
      related: { type: 'invitation_run', id: runId },
    });
    await trx
      .updateTable('invitations')
      .set({ consent_id: consent.id })
      .where('run_id', '=', runId)
      .where('person_id', '=', letter.personId)
      .where('office_day_id', '=', letter.officeDayId)
      .where('channel', '=', 'email')
      .execute();
    mailed.add(`${letter.personId}|${letter.officeDayId}`);
    audits.push({
      action: 'invitation.mail',
      resourceType: 'person',
      resourceId: letter.personId,
      subjectPersonId: letter.personId,
      authorityId,
      details: {
        runId,
        consentId: consent.id,
        officeDay: letter.officeDay.date,
        documents: letter.documents.map((x) => x.kind),
        locale: consent.locale,
      },
    });
  }
  await recordAudits(trx, actor, audits);
  return mailed;
}
