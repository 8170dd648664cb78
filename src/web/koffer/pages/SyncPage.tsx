import { type FormEvent, useEffect, useState } from 'react';
import { uuidv7 } from '../../../core/ids';
import { type CommandPayload, suspenseOf } from '../../../core/sync/commands';
import { kitReceiptNumber } from '../../../core/sync/kit-numbers';
import type { OutboxEntry } from '../../../core/sync/sync-client';
import { Alert, StatusBadge } from '../../ui/components';
import { Button, ErrorSummary, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { kitMessages } from '../messages';
import { downloadPdf, makePdf } from '../print/receipt-pdf';
import { useKit } from '../state/kit-context';
import type { RefundRecord } from './capture-types';
import { SignInPanel } from './SignInPanel';

type Key = Parameters<ReturnType<typeof useT<keyof (typeof kitMessages)['de']>>>[0];
type Translate = ReturnType<typeof useT<keyof (typeof kitMessages)['de']>>;
type Format = ReturnType<typeof useFormat>;

export function commandName(t: (k: Key) => string, type: string): string {
  const key = `cmd_${type}` as Key;
  const text = t(key);
  return text === key ? type : text;
}

function resultText(entry: OutboxEntry, locale: 'de' | 'en'): string {
  const r = entry.result;
  if (!r) return '';
  if (r.outcome === 'applied') {
    return Object.entries(r.result)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  }
  return r.problem[locale];
}

/** Rejected, conflicting, or applied with an unassigned entry to clear — and not yet dealt with. */
export function needsClerk(entry: OutboxEntry): boolean {
  if (entry.resolution) return false;
  return entry.state === 'rejected' || entry.state === 'conflict' || suspenseOf(entry.result) !== null;
}

function StateBadge({ entry }: { entry: OutboxEntry }) {
  const t = useT(kitMessages);
  if (entry.state === 'applied' && suspenseOf(entry.result) && !entry.resolution)
    return <StatusBadge tone="warning">{t('outcomeSuspense')}</StatusBadge>;
  if (entry.state === 'applied') return <StatusBadge tone="success">{t('outcomeApplied')}</StatusBadge>;
  if (entry.state === 'pending') return <StatusBadge tone="info">{t('outcomePending')}</StatusBadge>;
  if (entry.resolution) return <StatusBadge tone="info">{t('resolved')}</StatusBadge>;
  return (
    <StatusBadge tone="danger">
      {entry.state === 'rejected' ? t('outcomeRejected') : t('outcomeConflict')}
    </StatusBadge>
  );
}

function ResolveForm({
  entry,
  onDone,
  handOver = false,
}: {
  entry: OutboxEntry;
  onDone(): void;
  /** For an unassigned entry: the town hall clears it (assigns it to a case there). */
  handOver?: boolean;
}) {
  const t = useT(kitMessages);
  const { store, clerk } = useKit();
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const id = `resolve-${entry.seq}`;
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!note.trim()) {
      setErrors([{ fieldId: id, message: t('resolveNoteMissing') }]);
      return;
    }
    await store!.resolve(entry.seq, { at: new Date().toISOString(), by: clerk!.userId, note: note.trim() });
    onDone();
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} />
      <TextField
        id={id}
        label={handOver ? t('handOverNote') : t('resolveNote')}
        hint={handOver ? t('handOverNoteHint') : t('resolveNoteHint')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors[0]?.message}
      />
      <Button variant="secondary">{handOver ? t('handOver') : t('resolve')}</Button>
    </form>
  );
}

function berlinToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
}

/** The payout slip for the citizen's signature (made in the browser, offline). */
async function printPayout(
  refund: RefundRecord,
  t: Translate,
  f: Format,
  locale: 'de' | 'en',
  kit: { name: string; authorityName: string },
) {
  const bytes = await makePdf({
    title: t('payoutTitle'),
    subtitle: `${kit.authorityName} – ${f.date(refund.date)}`,
    language: locale,
    sections: [
      {
        heading: t('payoutTitle'),
        lines: [
          { label: t('payoutReceipt'), value: refund.receiptNumber },
          { label: t('payoutFor'), value: refund.paidReceiptNumber },
          ...(refund.caseNumber ? [{ label: t('payoutCase'), value: refund.caseNumber }] : []),
          { label: t('payoutAmount'), value: f.cents(refund.amountCents) },
          { label: t('payoutReason'), value: refund.reason },
          { label: t('payoutSignature'), value: '______________________________' },
        ],
      },
    ],
    footer: kit.name,
  });
  downloadPdf(bytes, `Auszahlungsbeleg-${refund.receiptNumber}.pdf`);
}

/**
 * A fee the server booked as an unassigned entry (ADR 11): the receipt stands and the money is in
 * the box. On site the clerk can pay it back (a payout with the next receipt number, counted in
 * today's cash report) or hand it over to the town hall, which assigns it to a case there.
 */
function SuspenseItem({
  entry,
  entries,
  onDone,
  onRefunded,
}: {
  entry: OutboxEntry;
  entries: OutboxEntry[];
  onDone(): void;
  onRefunded(refund: RefundRecord): void;
}) {
  const t = useT(kitMessages);
  const f = useFormat();
  const { locale } = useLocale();
  const { store, clerk, config } = useKit();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const suspense = suspenseOf(entry.result)!;
  const problem = suspense.problem[locale];
  if (entry.type === 'fee.refund') {
    const p = entry.payload as CommandPayload<'fee.refund'>;
    return (
      <>
        <p className="kern-body">
          {t('payoutUnbooked', { receipt: p.receiptNumber, amount: f.cents(p.amountCents), problem })}
        </p>
        <ResolveForm entry={entry} onDone={onDone} handOver />
      </>
    );
  }
  const fee = entry.payload as CommandPayload<'fee.pay'>;
  const queued = entries.find(
    (e) =>
      e.type === 'fee.refund' && (e.payload as CommandPayload<'fee.refund'>).paymentId === suspense.paymentId,
  );
  const refundable = fee.amountCents > 0 && fee.method !== 'waiver' && !queued;
  const id = `refund-${entry.seq}`;

  async function refund(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setErrors([{ fieldId: id, message: t('refundReasonMissing') }]);
      return;
    }
    setErrors([]);
    const date = berlinToday();
    const year = Number(date.slice(0, 4));
    const refundedAt = new Date().toISOString();
    const refundId = uuidv7();
    const commandId = uuidv7();
    const method = fee.method as RefundRecord['method'];
    const saved = await store!.capture(async (numbers) => {
      const record: RefundRecord = {
        refundId,
        paymentId: suspense.paymentId,
        paidReceiptNumber: fee.receiptNumber,
        caseId: fee.caseId,
        caseNumber: fee.caseNumber ?? null,
        receiptNumber: kitReceiptNumber(config!.prefix, year, numbers.next('receipt', String(year))),
        method,
        amountCents: fee.amountCents,
        reason: reason.trim(),
        date,
        refundedAt,
      };
      return {
        records: [{ store: 'refund', id: refundId, value: record }],
        commands: [
          {
            id: commandId,
            type: 'fee.refund',
            payload: {
              refundId,
              paymentId: suspense.paymentId,
              receiptNumber: record.receiptNumber,
              caseId: fee.caseId,
              ...(fee.caseNumber ? { caseNumber: fee.caseNumber } : {}),
              amountCents: fee.amountCents,
              method,
              reason: record.reason,
              refundedAt,
            } satisfies CommandPayload<'fee.refund'>,
          },
        ],
        result: { record },
      };
    });
    await store!.resolve(entry.seq, {
      at: refundedAt,
      by: clerk!.userId,
      note: reason.trim(),
      followUpId: commandId,
    });
    onRefunded(saved.record);
  }

  return (
    <>
      <p className="kern-body">
        {t('suspenseText', {
          receipt: fee.receiptNumber,
          amount: f.cents(fee.amountCents),
          case: fee.caseNumber ?? '–',
          problem,
        })}
      </p>
      {refundable && (
        <form onSubmit={(e) => void refund(e)} noValidate>
          <ErrorSummary errors={errors} />
          <TextField
            id={id}
            label={t('refundReason')}
            hint={t('refundReasonHint')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={errors[0]?.message}
          />
          <Button>{t('refund', { amount: f.cents(fee.amountCents) })}</Button>
        </form>
      )}
      <ResolveForm entry={entry} onDone={onDone} handOver />
    </>
  );
}

/** Sync on demand, and the inbox of rejected and conflicting commands. */
export function SyncPage() {
  const t = useT(kitMessages);
  const { locale } = useLocale();
  const { store, online, syncNow, sync, session, revision, config } = useKit();
  const f = useFormat();
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [reload, setReload] = useState(0);
  const [payout, setPayout] = useState<RefundRecord | null>(null);
  usePageTitle(t('syncTitle'));
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when data changed
  useEffect(() => {
    void store?.outboxEntries().then(setEntries);
  }, [store, revision, reload]);
  const open = entries.filter(needsClerk);
  return (
    <>
      <h1 className="kern-heading-large">{t('syncTitle')}</h1>
      {!online && <Alert tone="warning" title={t('syncOffline')} />}
      {online && !session && <SignInPanel />}
      {online && session && (
        <Button type="button" onClick={() => void syncNow()} aria-busy={sync?.syncing}>
          {t('syncNow')}
        </Button>
      )}
      <h2 className="kern-heading-medium">{t('inboxTitle')}</h2>
      <p className="kern-body">{t('inboxLead')}</p>
      {payout && (
        <Alert tone="success" role="status" title={t('refundDone', { receipt: payout.receiptNumber })}>
          <Button
            type="button"
            variant="secondary"
            onClick={() => void printPayout(payout, t, f, locale, config!)}
          >
            {t('printPayout')}
          </Button>
        </Alert>
      )}
      {open.length === 0 ? (
        <p className="kern-body" data-testid="inbox-empty">
          {t('inboxEmpty')}
        </p>
      ) : (
        <ul className="kern-list" data-testid="inbox">
          {open.map((entry) => (
            <li key={entry.seq}>
              <h3 className="kern-heading-small">
                {t('commandLine', { seq: entry.seq, type: commandName(t, entry.type) })}{' '}
                <StateBadge entry={entry} />
              </h3>
              {suspenseOf(entry.result) ? (
                <SuspenseItem
                  entry={entry}
                  entries={entries}
                  onDone={() => setReload((n) => n + 1)}
                  onRefunded={(r) => {
                    setPayout(r);
                    setReload((n) => n + 1);
                  }}
                />
              ) : (
                <>
                  <p className="kern-body">{resultText(entry, locale)}</p>
                  <ResolveForm entry={entry} onDone={() => setReload((n) => n + 1)} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2 className="kern-heading-medium">{t('allCommands')}</h2>
      <table className="kern-table" data-testid="outbox-table">
        <thead>
          <tr>
            <th scope="col">{t('colSeq')}</th>
            <th scope="col">{t('colType')}</th>
            <th scope="col">{t('colState')}</th>
            <th scope="col">{t('colResult')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td>{entry.seq}</td>
              <td>{commandName(t, entry.type)}</td>
              <td>
                <StateBadge entry={entry} />
              </td>
              <td>{resultText(entry, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
