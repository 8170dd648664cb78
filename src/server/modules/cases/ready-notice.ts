import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database';
import { notifyContact } from '../notify/service';
import { defineMailTemplate } from '../notify/templates';
import type { CasesTable } from './tables';

/**
 * "Ready for pick-up": a mail (or, without a mail address, a text message) to the citizen when
 * the ID document has arrived. Queued in the transition's transaction through the notify
 * module's outbox, so the notice exists if and only if the case is ready.
 */

interface ReadyNoticeData {
  caseNumber: string;
  service: { de: string; en: string };
  pickupAt: 'town_hall' | 'office_day' | null;
  statusUrl: string;
}

export const READY_NOTICE_TEMPLATE = defineMailTemplate<ReadyNoticeData>(
  'case.ready-for-pickup',
  (data, locale) =>
    locale === 'de'
      ? {
          subject: `Ihr Dokument liegt zur Abholung bereit (${data.caseNumber})`,
          greeting: 'Guten Tag,',
          paragraphs: [
            `Ihr Dokument aus dem Antrag „${data.service.de}“ ist eingetroffen und liegt zur Abholung bereit.`,
            data.pickupAt === 'office_day'
              ? 'Sie können es am nächsten Sprechtag des mobilen Bürgerbüros in Ihrem Ort abholen.'
              : 'Sie können es zu den Öffnungszeiten im Bürgerbüro im Rathaus Meerane abholen.',
            'Bitte bringen Sie Ihr bisheriges Ausweisdokument mit. Eine andere Person kann das Dokument mit Ihrer schriftlichen Vollmacht abholen.',
          ],
          facts: [['Aktenzeichen', data.caseNumber]],
          action: { label: 'Stand Ihres Antrags', url: data.statusUrl },
        }
      : {
          subject: `Your document is ready for pick-up (${data.caseNumber})`,
          greeting: 'Hello,',
          paragraphs: [
            `Your document from the application "${data.service.en}" has arrived and is ready for pick-up.`,
            data.pickupAt === 'office_day'
              ? 'You can collect it at the next office day of the mobile citizens\u2019 office in your village.'
              : 'You can collect it during opening hours at the citizens\u2019 office in Meerane town hall.',
            'Please bring your old ID document. Someone else can collect it with your written authorisation.',
          ],
          facts: [['Case number', data.caseNumber]],
          action: { label: 'Status of your application', url: data.statusUrl },
        },
);

export async function queueReadyNotice(
  trx: Executor,
  row: Pick<
    Selectable<CasesTable>,
    'id' | 'authority_id' | 'number' | 'service_name' | 'pickup_at' | 'contact_email' | 'contact_phone'
  >,
  publicUrl: string,
): Promise<boolean> {
  if (!row.contact_email && !row.contact_phone) return false;
  await notifyContact(
    trx,
    { email: row.contact_email, phone: row.contact_phone },
    {
      template: READY_NOTICE_TEMPLATE,
      locale: 'de',
      data: {
        caseNumber: row.number,
        service: row.service_name,
        pickupAt: row.pickup_at,
        statusUrl: `${publicUrl}/status?vorgang=${encodeURIComponent(row.number)}`,
      } satisfies ReadyNoticeData,
      authorityId: row.authority_id,
      related: { type: 'case', id: row.id },
    },
  );
  return true;
}
