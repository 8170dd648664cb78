import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { localDate } from '../../../core/time';
import { get, post } from '../../ui/api';
import { Alert, StatusBadge } from '../../ui/components';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  SelectField,
  TextArea,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link } from '../../ui/router';
import type { Payment } from '../cases/types';
import { cashMessages } from './messages';
import '../../ui/capture.css';

type Key = keyof (typeof cashMessages)['de'];
type Totals = { cash: number; card: number; invoice: number; waiver: number };

interface Register {
  id: string;
  code: string;
  name: string;
  kind: 'desk' | 'kit';
}

interface Day {
  register: Register & { closedThrough: string | null };
  businessDate: string;
  entries: Payment[];
  totals: Totals;
  closing: {
    entries: number;
    firstReceipt: string | null;
    lastReceipt: string | null;
    totals: Totals;
    countedCashCents: number | null;
    closedBy: string | null;
    closedAt: string;
  } | null;
  unclosedEarlierDays: string[];
}

interface SuspenseEntry extends Payment {
  register: Register;
}

export default function CashPage() {
  const t = useT(cashMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const [registers, setRegisters] = useState<Register[]>([]);
  const [suspense, setSuspense] = useState<SuspenseEntry[]>([]);
  const [assigning, setAssigning] = useState<SuspenseEntry>();
  const [caseNumber, setCaseNumber] = useState('');
  const [note, setNote] = useState('');
  const [registerId, setRegisterId] = useState('');
  const [date, setDate] = useState(localDate(new Date()));
  const [day, setDay] = useState<Day>();
  const [reversing, setReversing] = useState<Payment>();
  const [reason, setReason] = useState('');
  const [counted, setCounted] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('title'), errors.length > 0 || !!general);

  const load = useCallback(async (register: string, d: string) => {
    setSuspense((await get<{ entries: SuspenseEntry[] }>('/api/payments/suspense')).entries);
    if (!register) return;
    setDay(await get<Day>(`/api/cash-registers/${register}/days/${d}`));
  }, []);
  // Corrections and transfers are booked at the desk: the chosen register if it is a desk's.
  const deskRegister =
    registers.find((r) => r.id === registerId && r.kind === 'desk') ??
    registers.find((r) => r.kind === 'desk');

  useEffect(() => {
    get<{ registers: Register[] }>('/api/cash-registers')
      .then((r) => {
        setRegisters(r.registers);
        const first = r.registers.find((x) => x.kind === 'desk') ?? r.registers[0];
        if (first) {
          setRegisterId(first.id);
          void load(first.id, localDate(new Date()));
        }
      })
      .catch((error) => setGeneral(formErrorsFrom(error, {}, c('genericError')).general));
  }, [load, c]);

  async function act(action: () => Promise<unknown>) {
    setGeneral(undefined);
    try {
      await action();
      setErrors([]);
      await load(registerId, date);
    } catch (error) {
      const mapped = formErrorsFrom(error, { '/caseNumber': 'cash-assign-case' }, c('genericError'));
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  function reverse(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setErrors([{ fieldId: 'cash-reason', message: t('reasonMissing') }]);
      return;
    }
    void act(async () => {
      await post(`/api/payments/${reversing!.id}/reversal`, {
        reason: reason.trim(),
        ...(deskRegister ? { registerId: deskRegister.id } : {}),
      });
      setReversing(undefined);
      setReason('');
    });
  }

  function assign(e: FormEvent) {
    e.preventDefault();
    if (!caseNumber.trim()) {
      setErrors([{ fieldId: 'cash-assign-case', message: t('assignCaseMissing') }]);
      return;
    }
    void act(async () => {
      await post(`/api/payments/${assigning!.id}/assignment`, {
        caseNumber: caseNumber.trim(),
        registerId: deskRegister!.id,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setAssigning(undefined);
      setCaseNumber('');
      setNote('');
    });
  }

  function close(e: FormEvent) {
    e.preventDefault();
    const cents = counted.trim()
      ? Math.round(Number(counted.replace(/\./g, '').replace(',', '.')) * 100)
      : null;
    if (cents !== null && (!Number.isFinite(cents) || cents < 0)) {
      setErrors([{ fieldId: 'cash-counted', message: t('countedInvalid') }]);
      return;
    }
    void act(() =>
      post(`/api/cash-registers/${registerId}/closings`, { businessDate: date, countedCashCents: cents }),
    );
  }

  const totals = day?.closing?.totals ?? day?.totals;
  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      {suspense.length > 0 && (
        <section aria-labelledby="cash-suspense">
          <h2 className="kern-heading-medium" id="cash-suspense">
            {t('suspenseTitle')}
          </h2>
          <p className="kern-body">{t('suspenseLead')}</p>
          <div className="kern-table-responsive">
            <table className="kern-table kern-table--striped" data-testid="suspense-table">
              <thead className="kern-table__header">
                <tr className="kern-table__row">
                  {(
                    [
                      'colReceipt',
                      'colRegister',
                      'colDate',
                      'colAmount',
                      'colProblem',
                      'colReference',
                      'colAction',
                    ] as Key[]
                  ).map((k) => (
                    <th className="kern-table__header-cell" scope="col" key={k}>
                      {t(k)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {suspense.map((p) => (
                  <tr className="kern-table__row" key={p.id}>
                    <td className="kern-table__cell">{p.receiptNumber}</td>
                    <td className="kern-table__cell">{`${p.register.name} (${p.register.code})`}</td>
                    <td className="kern-table__cell">{f.shortDate(p.businessDate)}</td>
                    <td className="kern-table__cell">{`${f.cents(p.amountCents)} (${t(`method_${p.method}` as Key)})`}</td>
                    <td className="kern-table__cell">{p.problem?.[locale] ?? ''}</td>
                    <td className="kern-table__cell">{p.reference ?? '–'}</td>
                    <td className="kern-table__cell">
                      {deskRegister && p.amountCents > 0 && p.method !== 'waiver' && (
                        <button
                          type="button"
                          className="kern-btn kern-btn--tertiary kern-btn--x-small"
                          onClick={() => {
                            setReversing(undefined);
                            setAssigning(p);
                          }}
                        >
                          <span className="kern-label">
                            {t('assignAction', { receipt: p.receiptNumber })}
                          </span>
                        </button>
                      )}
                      {deskRegister && (
                        <button
                          type="button"
                          className="kern-btn kern-btn--tertiary kern-btn--x-small"
                          onClick={() => {
                            setAssigning(undefined);
                            setReversing(p);
                          }}
                        >
                          <span className="kern-label">{`${t('reverse')} ${p.receiptNumber}`}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {assigning && deskRegister && (
            <form className="bk-form" onSubmit={assign} noValidate>
              <p className="kern-body">
                {t('assignLead', {
                  receipt: assigning.receiptNumber,
                  amount: f.cents(assigning.amountCents),
                  register: `${deskRegister.name} (${deskRegister.code})`,
                })}
              </p>
              <TextField
                id="cash-assign-case"
                label={t('assignCase', { receipt: assigning.receiptNumber })}
                hint={t('assignCaseHint')}
                value={caseNumber}
                onChange={(e) => setCaseNumber(e.target.value)}
                error={errorFor(errors, 'cash-assign-case')}
              />
              <TextField
                id="cash-assign-note"
                label={t('assignNote')}
                optional
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              <div className="bk-actions">
                <Button>{t('confirmAssign')}</Button>
              </div>
            </form>
          )}
          {reversing && reversing.kind === 'suspense' && (
            <form className="bk-form" onSubmit={reverse} noValidate>
              <TextArea
                id="cash-reason"
                label={t('reverseReason', { receipt: reversing.receiptNumber })}
                hint={t('suspenseReverseHint')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                error={errorFor(errors, 'cash-reason')}
              />
              <div className="bk-actions">
                <Button>{t('confirmReverse')}</Button>
              </div>
            </form>
          )}
        </section>
      )}
      <form
        className="bk-form bk-form--inline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void act(() => load(registerId, date));
        }}
      >
        <SelectField
          id="cash-register"
          label={t('register')}
          options={registers.map((r) => ({ value: r.id, label: `${r.name} (${r.code})` }))}
          value={registerId}
          onChange={(e) => setRegisterId(e.target.value)}
        />
        <TextField
          id="cash-date"
          type="date"
          label={t('date')}
          value={date}
          onChange={(e) => setDate(e.target.value)}
        />
        <div className="bk-actions">
          <Button>{t('show')}</Button>
        </div>
      </form>
      {day && (
        <>
          <section aria-labelledby="cash-entries">
            <h2 className="kern-heading-medium" id="cash-entries">
              {t('entries')}
            </h2>
            {day.entries.length === 0 ? (
              <p className="kern-body">{t('none')}</p>
            ) : (
              <div className="kern-table-responsive">
                <table className="kern-table kern-table--striped">
                  <thead className="kern-table__header">
                    <tr className="kern-table__row">
                      {(
                        ['colReceipt', 'colCase', 'colMethod', 'colAmount', 'colBy', 'colAction'] as Key[]
                      ).map((k) => (
                        <th className="kern-table__header-cell" scope="col" key={k}>
                          {t(k)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="kern-table__body">
                    {day.entries.map((p) => (
                      <tr className="kern-table__row" key={p.id}>
                        <td className="kern-table__cell">
                          {p.receiptNumber}
                          {p.kind === 'reversal' && (
                            <span className="kern-body kern-body--small">
                              {` – ${t('reversal', { receipt: day.entries.find((x) => x.id === p.reversesId)?.receiptNumber ?? '' })}`}
                            </span>
                          )}
                        </td>
                        <td className="kern-table__cell">
                          {p.kind === 'suspense' ? (
                            <>
                              <StatusBadge tone="warning">{t('unassigned')}</StatusBadge> {p.reference ?? ''}
                            </>
                          ) : (
                            <Link className="kern-link" href={`/desk/vorgaenge/${p.caseId}`}>
                              {t('openCase')}
                            </Link>
                          )}
                        </td>
                        <td className="kern-table__cell">{t(`method_${p.method}` as Key)}</td>
                        <td className="kern-table__cell">{f.cents(p.amountCents)}</td>
                        <td className="kern-table__cell">{p.recordedBy ?? '–'}</td>
                        <td className="kern-table__cell">
                          {p.reversedById ? (
                            <StatusBadge tone="warning">{t('reversed')}</StatusBadge>
                          ) : p.kind === 'payment' && !day.closing ? (
                            <button
                              type="button"
                              className="kern-btn kern-btn--tertiary kern-btn--x-small"
                              onClick={() => setReversing(p)}
                            >
                              <span className="kern-label">{`${t('reverse')} ${p.receiptNumber}`}</span>
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {reversing && reversing.kind !== 'suspense' && (
              <form className="bk-form" onSubmit={reverse} noValidate>
                <TextArea
                  id="cash-reason"
                  label={t('reverseReason', { receipt: reversing.receiptNumber })}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  error={errorFor(errors, 'cash-reason')}
                />
                <div className="bk-actions">
                  <Button>{t('confirmReverse')}</Button>
                </div>
              </form>
            )}
          </section>
          {totals && (
            <section aria-labelledby="cash-totals">
              <h2 className="kern-heading-medium" id="cash-totals">
                {t('totals')}
              </h2>
              <dl className="bk-facts">
                {(['cash', 'card', 'invoice', 'waiver'] as const).map((k) => (
                  <div className="bk-facts__row" key={k}>
                    <dt>{t(`total_${k}`)}</dt>
                    <dd>{f.cents(totals[k])}</dd>
                  </div>
                ))}
              </dl>
            </section>
          )}
          <section aria-labelledby="cash-close">
            <h2 className="kern-heading-medium" id="cash-close">
              {t('close')}
            </h2>
            {day.closing ? (
              <Alert
                tone="success"
                role="status"
                title={t('closed', {
                  at: f.dateTime(day.closing.closedAt),
                  by: day.closing.closedBy ?? '–',
                  entries: day.closing.entries,
                  first: day.closing.firstReceipt ?? '–',
                  last: day.closing.lastReceipt ?? '–',
                })}
              >
                {day.closing.countedCashCents !== null && (
                  <p className="kern-body">
                    {t('difference', {
                      amount: f.cents(day.closing.countedCashCents - day.closing.totals.cash),
                    })}
                  </p>
                )}
              </Alert>
            ) : day.register.closedThrough && day.register.closedThrough >= day.businessDate ? (
              <p className="kern-body">{t('closedShort')}</p>
            ) : (
              <form className="bk-form" onSubmit={close} noValidate>
                {day.unclosedEarlierDays.length > 0 && (
                  <Alert
                    tone="warning"
                    title={t('unclosed', {
                      days: day.unclosedEarlierDays.map((d) => f.shortDate(d)).join(', '),
                    })}
                  />
                )}
                <TextField
                  id="cash-counted"
                  label={t('counted')}
                  hint={t('countedHint')}
                  optional
                  inputMode="decimal"
                  width={4}
                  value={counted}
                  onChange={(e) => setCounted(e.target.value)}
                  error={errorFor(errors, 'cash-counted')}
                />
                <div className="bk-actions">
                  <Button>{t('closeDay')}</Button>
                </div>
              </form>
            )}
          </section>
        </>
      )}
    </>
  );
}
