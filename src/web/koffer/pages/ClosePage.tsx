import { useEffect, useState } from 'react';
import { uuidv7 } from '../../../core/ids';
import { Alert } from '../../ui/components';
import { Button, usePageTitle } from '../../ui/forms';
import { defineMessages, useFormat, useLocale, useT } from '../../ui/i18n';
import { downloadPdf, makePdf } from '../print/receipt-pdf';
import { useKit } from '../state/kit-context';
import { getMeta } from '../storage/kit-db';
import type { Counters } from '../storage/kit-store';
import type { CaptureRecord, RefundRecord } from './capture-types';

const m = defineMessages({
  de: {
    title: 'Tagesabschluss',
    lead: 'Kassenabschluss des Bürgerkoffers, letzte Übertragung, Zusammenfassung für das Rathaus – und erst wenn der Server alles bestätigt hat, das Löschen der personenbezogenen Daten auf diesem Gerät.',
    cash: 'Kasse des Bürgerkoffers heute',
    cases: 'Vorgänge heute: {n}',
    byMethod: 'bar {cash} · Karte {card} · Rechnung {invoice}',
    receipts: 'Quittungen: {n} ({first} bis {last})',
    noReceipts: 'Heute keine Zahlungen.',
    closeCash: 'Kassenabschluss erstellen',
    cashClosed: 'Kassenabschluss gespeichert; er wird mit der nächsten Übertragung gemeldet.',
    summary: 'Zusammenfassung für das Rathaus (PDF)',
    summaryTitle: 'Tageszusammenfassung Bürgerkoffer {kit}',
    summaryLine: '{n}. {service} – {number}',
    refunds: 'Erstattungen heute: {n}',
    refundLine: 'Erstattung zur Quittung {receipt} ({case})',
    sync: 'Jetzt übertragen',
    wipeTitle: 'Personenbezogene Daten löschen',
    wipe: 'Daten auf diesem Gerät löschen',
    wiped:
      'Die personenbezogenen Daten wurden von diesem Gerät gelöscht. Zähler und Schlüssel bleiben, damit die Nummerierung lückenlos weitergeht.',
    blockers: 'Noch nicht löschbar, weil:',
    blockPending: '{n} Vorgänge noch nicht übertragen sind',
    blockUnresolved: '{n} Rückmeldungen des Servers noch nicht geklärt sind',
    blockUnconfirmed:
      'der Server noch nicht bestätigt hat, alle Vorgänge zu haben (zuletzt bestätigt: Nr. {server} von {local})',
    blockOffline: 'keine Verbindung zum Server besteht (die Bestätigung fehlt)',
    check: 'Prüfen, ob gelöscht werden kann',
    confirmed: 'Der Server hat alle {n} Vorgänge bestätigt.',
  },
  en: {
    title: 'End of day',
    lead: 'The kit’s cash report, a final sync, a summary for the town hall – and only when the server has confirmed everything, the deletion of personal data on this device.',
    cash: 'The kit’s cash register today',
    cases: 'Cases today: {n}',
    byMethod: 'cash {cash} · card {card} · invoice {invoice}',
    receipts: 'Receipts: {n} ({first} to {last})',
    noReceipts: 'No payments today.',
    closeCash: 'Make the cash report',
    cashClosed: 'Cash report saved; it is sent with the next sync.',
    summary: 'Summary for the town hall (PDF)',
    summaryTitle: 'Day summary of field kit {kit}',
    summaryLine: '{n}. {service} – {number}',
    refunds: 'Refunds today: {n}',
    refundLine: 'Refund of receipt {receipt} ({case})',
    sync: 'Sync now',
    wipeTitle: 'Delete personal data',
    wipe: 'Delete the data on this device',
    wiped:
      'The personal data has been deleted from this device. Counters and keys stay so that numbering continues without gaps.',
    blockers: 'Not yet possible, because:',
    blockPending: '{n} commands have not been sent yet',
    blockUnresolved: '{n} answers from the server have not been dealt with',
    blockUnconfirmed:
      'the server has not yet confirmed that it holds every command (confirmed: no. {server} of {local})',
    blockOffline: 'there is no connection to the server (the confirmation is missing)',
    check: 'Check whether the data can be deleted',
    confirmed: 'The server has confirmed all {n} commands.',
  },
});

export default function ClosePage() {
  const t = useT(m);
  const f = useFormat();
  const { locale } = useLocale();
  const { store, config, pending, online, syncNow, request, revision, db } = useKit();
  const [captures, setCaptures] = useState<CaptureRecord[]>([]);
  const [refundRecords, setRefundRecords] = useState<RefundRecord[]>([]);
  const [blockers, setBlockers] = useState<string[] | null>(null);
  const [message, setMessage] = useState<string>();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  usePageTitle(t('title'));
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read on data change
  useEffect(() => {
    void store?.records<CaptureRecord>('capture').then((r) => setCaptures(r.map((x) => x.value)));
    void store?.records<RefundRecord>('refund').then((r) => setRefundRecords(r.map((x) => x.value)));
  }, [store, revision]);
  const todays = captures
    .filter((c) => c.date === today)
    .sort((a, b) => a.caseNumber.localeCompare(b.caseNumber));
  const paid = todays.filter((c) => c.payment).map((c) => c.payment!);
  // Fees paid back today (unassigned entries, ADR 11) leave the box: they count negative.
  const refunds = refundRecords
    .filter((r) => r.date === today)
    .sort((a, b) => a.receiptNumber.localeCompare(b.receiptNumber));
  const sum = (method: string) =>
    paid.filter((p) => p.method === method).reduce((n, p) => n + p.amountCents, 0) -
    refunds.filter((r) => r.method === method).reduce((n, r) => n + r.amountCents, 0);
  const receipts = [...paid.map((p) => p.receiptNumber), ...refunds.map((r) => r.receiptNumber)].sort();

  async function closeCash() {
    await store!.capture(async () => ({
      records: [],
      commands: [
        {
          id: uuidv7(),
          type: 'cash.close',
          payload: {
            reportId: uuidv7(),
            businessDate: today,
            countedCashCents: null,
            totals: { cash: sum('cash'), card: sum('card'), invoice: sum('invoice'), waiver: 0 },
            closedAt: new Date().toISOString(),
          },
        },
      ],
      result: {},
    }));
    setMessage(t('cashClosed'));
  }

  async function summary() {
    const bytes = await makePdf({
      title: t('summaryTitle', { kit: config!.prefix }),
      subtitle: `${config!.authorityName} – ${f.date(today)}`,
      language: locale,
      sections: [
        {
          heading: t('cases', { n: todays.length }),
          lines: todays.map((c, i) => ({
            label: t('summaryLine', { n: i + 1, service: c.serviceName[locale], number: c.caseNumber }),
            value: c.payment ? `${c.payment.receiptNumber} ${f.cents(c.payment.amountCents)}` : '–',
          })),
        },
        ...(refunds.length
          ? [
              {
                heading: t('refunds', { n: refunds.length }),
                lines: refunds.map((r) => ({
                  label: t('refundLine', { receipt: r.paidReceiptNumber, case: r.caseNumber ?? '–' }),
                  value: `${r.receiptNumber} ${f.cents(-r.amountCents)}`,
                })),
              },
            ]
          : []),
        {
          heading: t('cash'),
          lines: [
            {
              label: t('byMethod', {
                cash: f.cents(sum('cash')),
                card: f.cents(sum('card')),
                invoice: f.cents(sum('invoice')),
              }),
              value: '',
            },
          ],
        },
      ],
      footer: config!.name,
    });
    downloadPdf(bytes, `Tageszusammenfassung-${config!.prefix}-${today}.pdf`);
  }

  async function checkAndWipe(doWipe: boolean) {
    setMessage(undefined);
    const found: string[] = [];
    if (pending.commands > 0) found.push(t('blockPending', { n: pending.commands }));
    if (pending.unresolved > 0) found.push(t('blockUnresolved', { n: pending.unresolved }));
    const counters = (await getMeta<Counters>(db, 'counters')) ?? { nextSeq: 1, numbers: {} };
    const lastSeq = counters.nextSeq - 1;
    try {
      const answer = await request<{ confirmed: boolean; serverLastSeq: number }>(
        'POST',
        '/api/kit/confirm',
        { lastSeq },
      );
      if (!answer.confirmed)
        found.push(t('blockUnconfirmed', { server: answer.serverLastSeq, local: lastSeq }));
    } catch {
      found.push(t('blockOffline'));
    }
    setBlockers(found);
    if (found.length === 0) {
      if (doWipe) {
        await store!.wipePersonalData();
        setMessage(t('wiped'));
      } else setMessage(t('confirmed', { n: lastSeq }));
    }
  }

  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      {message && <Alert tone="success" title={message} role="status" />}
      <h2 className="kern-heading-medium">{t('cash')}</h2>
      <p className="kern-body" data-testid="close-cases">
        {t('cases', { n: todays.length })}
      </p>
      <p className="kern-body" data-testid="close-cash">
        {t('byMethod', {
          cash: f.cents(sum('cash')),
          card: f.cents(sum('card')),
          invoice: f.cents(sum('invoice')),
        })}
      </p>
      <p className="kern-body">
        {receipts.length
          ? t('receipts', { n: receipts.length, first: receipts[0]!, last: receipts[receipts.length - 1]! })
          : t('noReceipts')}
      </p>
      <div className="bk-kit-actions">
        <Button type="button" onClick={() => void closeCash()}>
          {t('closeCash')}
        </Button>
        <Button type="button" variant="secondary" onClick={() => void summary()}>
          {t('summary')}
        </Button>
        {online && (
          <Button type="button" variant="secondary" onClick={() => void syncNow()}>
            {t('sync')}
          </Button>
        )}
      </div>
      <h2 className="kern-heading-medium">{t('wipeTitle')}</h2>
      {blockers && blockers.length > 0 && (
        <Alert tone="warning" title={t('blockers')} role="alert">
          <ul className="kern-list" data-testid="wipe-blockers">
            {blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </Alert>
      )}
      <div className="bk-kit-actions">
        <Button type="button" variant="secondary" onClick={() => void checkAndWipe(false)}>
          {t('check')}
        </Button>
        <Button type="button" onClick={() => void checkAndWipe(true)}>
          {t('wipe')}
        </Button>
      </div>
    </>
  );
}
