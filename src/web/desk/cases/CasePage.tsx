import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { CASE_STATE_LABELS, type CaseState, FINAL_STATES } from '../../../core/cases/state-machine';
import { ApiError, get, post } from '../../ui/api';
import { Alert, BackLink, Loading, StatusBadge } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  SelectField,
  TextArea,
  TextField,
  usePageTitle,
  useStepErrors,
} from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link } from '../../ui/router';
import { useSession } from '../../ui/session';
import { SignaturePad } from '../../ui/signature-pad';
import { useServing } from '../serving';
import { uploadAttachment } from './AttachmentField';
import { casesMessages } from './messages';
import type { CaseDetail } from './types';
import '../../ui/capture.css';

type Key = keyof (typeof casesMessages)['de'];

/** The document a service issues besides receipt and summary. */
const ISSUES: Record<string, string> = {
  anmeldung: 'registration_confirmation',
  abmeldung: 'registration_confirmation',
  meldebescheinigung: 'registration_certificate',
  lebensbescheinigung: 'life_certificate',
};

interface Register {
  id: string;
  code: string;
  name: string;
  kind: 'desk' | 'kit';
}

export function stateTone(state: CaseState): 'info' | 'success' | 'warning' | 'danger' {
  if (state === 'completed' || state === 'handed_over') return 'success';
  if (state === 'rejected' || state === 'cancelled') return 'danger';
  if (state === 'ready_for_pickup') return 'warning';
  return 'info';
}

export default function CasePage({ id }: { id: string }) {
  const t = useT(casesMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const { session } = useSession();
  const [detail, setDetail] = useState<CaseDetail>();
  const serving = useServing();
  // Errors belong to the case's state they were found in: a new state starts without them (#10).
  const { errors, setErrors, general, setGeneral } = useStepErrors(detail?.status ?? '');
  const [registers, setRegisters] = useState<Register[]>([]);
  const [notice, setNotice] = useState<string>();
  const [pdfs, setPdfs] = useState<Record<string, string>>({});
  // payment form
  const [registerId, setRegisterId] = useState('');
  const [method, setMethod] = useState<string[]>([]);
  const [amount, setAmount] = useState('');
  const [terminalReference, setTerminalReference] = useState('');
  const [invoiceRecipient, setInvoiceRecipient] = useState('');
  const [waiverId, setWaiverId] = useState('');
  const [waiverReason, setWaiverReason] = useState('');
  // transition and hand-over
  const [reason, setReason] = useState('');
  const [handedTo, setHandedTo] = useState<string[]>(['applicant']);
  const [authorisedName, setAuthorisedName] = useState('');
  const [handOverNote, setHandOverNote] = useState('');
  const [signature, setSignature] = useState<string>();
  const [note, setNote] = useState('');
  usePageTitle(
    detail ? t('caseTitle', { number: detail.number }) : t('worklistTitle'),
    errors.length > 0 || !!general,
  );

  const load = useCallback(() => get<CaseDetail>(`/api/cases/${id}`).then(setDetail), [id]);
  useEffect(() => {
    load().catch((error) => setGeneral(formErrorsFrom(error, {}, c('genericError')).general));
    get<{ registers: Register[] }>('/api/cash-registers')
      .then((d) => {
        const desk = d.registers.filter((r) => r.kind === 'desk');
        setRegisters(desk);
        setRegisterId((current) => current || desk[0]?.id || '');
      })
      .catch(() => {});
  }, [load, c, setGeneral]);

  if (!detail) return general ? <Alert tone="danger" title={general} role="alert" /> : <Loading />;

  async function run(action: () => Promise<unknown>, fields: Record<string, string> = {}, done?: string) {
    setGeneral(undefined);
    setNotice(undefined);
    try {
      const message = await action();
      setErrors([]);
      await load();
      setNotice(typeof message === 'string' ? message : (done ?? t('done')));
    } catch (error) {
      const mapped = formErrorsFrom(error, fields, c('genericError'));
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  function pay(e: FormEvent) {
    e.preventDefault();
    const m = method[0];
    const local: FormError[] = [];
    if (!m) local.push({ fieldId: 'pay-method', message: t('methodMissing') });
    const cents = amount.trim()
      ? Math.round(Number(amount.replace(/\./g, '').replace(',', '.')) * 100)
      : undefined;
    if (amount.trim() && (cents === undefined || !Number.isFinite(cents) || cents < 0))
      local.push({ fieldId: 'pay-amount', message: t('amountInvalid') });
    setErrors(local);
    if (local.length) return;
    void run(async () => {
      const payment = await post<{ receiptNumber: string }>('/api/payments', {
        caseId: id,
        registerId,
        method: m,
        ...(cents !== undefined
          ? { amountCents: cents }
          : m === 'waiver'
            ? {}
            : { amountCents: detail!.fee?.amountCents }),
        ...(m === 'card' ? { terminalReference } : {}),
        ...(m === 'invoice' ? { invoiceRecipient } : {}),
        ...(m === 'waiver' ? { waiverId, waiverReason } : {}),
      });
      return t('paid', { receipt: payment.receiptNumber });
    }, {});
  }

  function transition(to: CaseState) {
    if ((to === 'rejected' || to === 'cancelled') && !reason.trim()) {
      setErrors([{ fieldId: 'case-reason', message: t('reasonMissing') }]);
      return;
    }
    void run(() =>
      post(`/api/cases/${id}/transitions`, {
        to,
        baseVersion: detail!.version,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    );
  }

  function handOver(e: FormEvent) {
    e.preventDefault();
    if (handedTo[0] === 'authorised' && !authorisedName.trim()) {
      setErrors([{ fieldId: 'handover-name', message: t('authorisedMissing') }]);
      return;
    }
    void run(() =>
      post(`/api/cases/${id}/hand-over`, {
        handedTo: handedTo[0],
        baseVersion: detail!.version,
        ...(handedTo[0] === 'authorised' ? { authorisedName: authorisedName.trim() } : {}),
        ...(signature ? { signature } : {}),
        ...(handOverNote.trim() ? { note: handOverNote.trim() } : {}),
      }),
    );
  }

  async function issue(kind: string, paymentId?: string) {
    setGeneral(undefined);
    // Open the tab within the click (no pop-up blocker), then point it at the PDF once issued.
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    try {
      const doc = await post<{ id: string }>(`/api/cases/${id}/documents`, {
        kind,
        ...(paymentId ? { paymentId } : {}),
      });
      const url = `/api/documents/${doc.id}/pdf`;
      setPdfs((p) => ({ ...p, [paymentId ?? kind]: url }));
      if (tab) tab.location.href = url;
      await load();
    } catch (error) {
      tab?.close();
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
    }
  }

  async function exportPackage() {
    setGeneral(undefined);
    const res = await fetch(`/api/cases/${id}/id-export`, {
      method: 'POST',
      headers: { 'x-csrf-token': session?.csrfToken ?? '', 'accept-language': locale },
      credentials: 'same-origin',
    });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      setGeneral(body.detail ?? c('genericError'));
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `ausweisantrag-${detail!.number}.tar`;
    a.click();
    URL.revokeObjectURL(url);
    await load();
  }

  const final = FINAL_STATES.includes(detail.status);
  const specific = ISSUES[detail.formKey];
  const method0 = method[0];

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <BackLink href="/desk/vorgaenge" />
      <h1 className="kern-heading-large">{t('caseTitle', { number: detail.number })}</h1>
      {serving && (
        <p className="kern-body">
          <Link className="kern-link" href="/desk/warteschlange">
            {t('backToServing', { code: serving.code })}
          </Link>
        </p>
      )}
      <p className="kern-body kern-body--large">{detail.serviceName[locale]}</p>
      {notice && <Alert tone="success" title={notice} role="status" />}
      <dl className="bk-facts">
        <div className="bk-facts__row">
          <dt>{t('state')}</dt>
          <dd>
            <StatusBadge tone={stateTone(detail.status)}>
              {CASE_STATE_LABELS[detail.status][locale]}
            </StatusBadge>
          </dd>
        </div>
        <div className="bk-facts__row">
          <dt>{t('person')}</dt>
          <dd>
            {detail.personId ? (
              <Link className="kern-link" href={`/desk/register/${detail.personId}`}>
                {detail.subjectName}
              </Link>
            ) : (
              detail.subjectName
            )}
          </dd>
        </div>
        <div className="bk-facts__row">
          <dt>{t('channel')}</dt>
          <dd>{t(`channel_${detail.channel}` as Key)}</dd>
        </div>
        <div className="bk-facts__row">
          <dt>{t('accessCode')}</dt>
          <dd data-testid="access-code">{detail.accessCode}</dd>
        </div>
      </dl>
      {detail.warnings.length > 0 && (
        <Alert tone="warning" title={t('warnings')}>
          <ul className="kern-list">
            {detail.warnings.map((w) => (
              <li key={w.pointer + w.code}>{w.message[locale]}</li>
            ))}
          </ul>
        </Alert>
      )}

      <section aria-labelledby="case-fee">
        <h2 className="kern-heading-medium" id="case-fee">
          {t('feeSection')}
        </h2>
        {detail.fee && (
          <>
            <dl className="bk-facts">
              {detail.fee.lines.map((l) => (
                <div className="bk-facts__row" key={l.label.de}>
                  <dt>{l.label[locale]}</dt>
                  <dd>{f.cents(l.amountCents)}</dd>
                </div>
              ))}
              <div className="bk-facts__row">
                <dt>{t('feeTotal')}</dt>
                <dd>
                  {f.cents(detail.fee.amountCents)}{' '}
                  <StatusBadge tone={detail.fee.status === 'open' ? 'warning' : 'success'}>
                    {t(`feeStatus_${detail.fee.status}` as Key)}
                  </StatusBadge>
                </dd>
              </div>
            </dl>
            {detail.fee.amountUnconfirmed && detail.fee.status === 'open' && (
              <p className="kern-body">{t('feeUnconfirmed')}</p>
            )}
          </>
        )}
        {detail.fee?.status === 'open' && !final && (
          <form className="bk-form" onSubmit={pay} noValidate aria-label={t('takeFee')}>
            <SelectField
              id="pay-register"
              label={t('register')}
              options={registers.map((r) => ({ value: r.id, label: `${r.name} (${r.code})` }))}
              value={registerId}
              onChange={(e) => setRegisterId(e.target.value)}
            />
            <ChoiceGroup
              id="pay-method"
              legend={t('method')}
              type="radio"
              name="method"
              options={(
                ['cash', 'card', 'invoice', ...(detail.fee.waivers.length ? ['waiver'] : [])] as const
              ).map((m) => ({
                value: m,
                label: t(`method_${m}` as Key),
              }))}
              value={method}
              onChange={setMethod}
              error={errorFor(errors, 'pay-method')}
            />
            {detail.fee.amountUnconfirmed && method0 !== 'waiver' && (
              <TextField
                id="pay-amount"
                label={t('amount')}
                hint={t('amountHint')}
                inputMode="decimal"
                width={4}
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                error={errorFor(errors, 'pay-amount')}
              />
            )}
            {method0 === 'card' && (
              <TextField
                id="pay-terminal"
                label={t('terminalReference')}
                value={terminalReference}
                onChange={(e) => setTerminalReference(e.target.value)}
              />
            )}
            {method0 === 'invoice' && (
              <TextArea
                id="pay-invoice"
                label={t('invoiceRecipient')}
                value={invoiceRecipient}
                onChange={(e) => setInvoiceRecipient(e.target.value)}
              />
            )}
            {method0 === 'waiver' && (
              <>
                <SelectField
                  id="pay-waiver"
                  label={t('waiver')}
                  options={[
                    { value: '', label: '–' },
                    ...detail.fee.waivers.map((w) => ({ value: w.id, label: w.label[locale] })),
                  ]}
                  value={waiverId}
                  onChange={(e) => setWaiverId(e.target.value)}
                />
                <TextArea
                  id="pay-waiver-reason"
                  label={t('waiverReason')}
                  value={waiverReason}
                  onChange={(e) => setWaiverReason(e.target.value)}
                />
              </>
            )}
            <div className="bk-actions">
              <Button>{t('takeFee')}</Button>
            </div>
          </form>
        )}
        {detail.payments.length > 0 && (
          <ul className="kern-list">
            {detail.payments.map((p) => (
              <li key={p.id}>
                {`${p.receiptNumber}: ${f.cents(p.amountCents)} (${t(`method_${p.method}` as Key)})`}
                {p.reversedById && ` – ${t('reversed')}`}
                {p.kind === 'suspense' && ` – ${t('unassigned')}`}{' '}
                {p.kind !== 'suspense' && (
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary kern-btn--x-small"
                    onClick={() => void issue('receipt', p.id)}
                  >
                    <span className="kern-label">{t('receipt', { receipt: p.receiptNumber })}</span>
                  </button>
                )}
                {pdfs[p.id] && (
                  <a className="kern-link" href={pdfs[p.id]} target="_blank" rel="noopener noreferrer">
                    {t('docOpen', { title: t('docTitle_receipt') })}
                  </a>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      {!final && (
        <section aria-labelledby="case-actions">
          <h2 className="kern-heading-medium" id="case-actions">
            {t('actions')}
          </h2>
          {detail.allowedTransitions.some((s) => s === 'rejected' || s === 'cancelled') && (
            <TextArea
              id="case-reason"
              label={t('reason')}
              optional
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              error={errorFor(errors, 'case-reason')}
            />
          )}
          <div className="bk-actions">
            {detail.allowedTransitions.map((to) => (
              <Button
                key={to}
                type="button"
                variant={to === 'rejected' || to === 'cancelled' ? 'secondary' : 'primary'}
                onClick={() => transition(to)}
              >
                {t(
                  (to === 'submitted' && detail.flow === 'immediate'
                    ? 'transition_submitted_immediate'
                    : `transition_${to}`) as Key,
                )}
              </Button>
            ))}
          </div>
          {detail.canExport && (
            <>
              <p className="kern-hint">{t('exportHint')}</p>
              <div className="bk-actions">
                <Button type="button" variant="secondary" onClick={() => void exportPackage()}>
                  {t('exportPackage')}
                </Button>
              </div>
            </>
          )}
        </section>
      )}

      {detail.canHandOver && (
        <section aria-labelledby="case-handover">
          <h2 className="kern-heading-medium" id="case-handover">
            {t('handOver')}
          </h2>
          <form className="bk-form" onSubmit={handOver} noValidate aria-labelledby="case-handover">
            <ChoiceGroup
              id="handover-to"
              legend={t('handedTo')}
              type="radio"
              name="handedTo"
              options={[
                { value: 'applicant', label: t('handedTo_applicant') },
                { value: 'authorised', label: t('handedTo_authorised') },
              ]}
              value={handedTo}
              onChange={setHandedTo}
            />
            {handedTo[0] === 'authorised' && (
              <TextField
                id="handover-name"
                label={t('authorisedName')}
                value={authorisedName}
                onChange={(e) => setAuthorisedName(e.target.value)}
                error={errorFor(errors, 'handover-name')}
              />
            )}
            <SignaturePad
              id="handover-signature"
              label={t('receiptSignature')}
              captured={!!signature}
              onChange={(png) => {
                if (!png) setSignature(undefined);
                else
                  void uploadAttachment('signature', png, session?.csrfToken ?? '', locale)
                    .then((s) => setSignature(s.sha256))
                    .catch((error) => setGeneral(error instanceof ApiError ? error.detail : String(error)));
              }}
            />
            <TextArea
              id="handover-note"
              label={t('handOverNote')}
              optional
              value={handOverNote}
              onChange={(e) => setHandOverNote(e.target.value)}
            />
            <div className="bk-actions">
              <Button>{t('confirmHandOver')}</Button>
            </div>
          </form>
        </section>
      )}

      <section aria-labelledby="case-documents">
        <h2 className="kern-heading-medium" id="case-documents">
          {t('documents')}
        </h2>
        <div className="bk-actions">
          {specific && (detail.status === 'completed' || detail.status === 'handed_over') && (
            <Button type="button" onClick={() => void issue(specific)}>
              {t(`doc_${specific}` as Key)}
            </Button>
          )}
          <Button type="button" variant="secondary" onClick={() => void issue('application_summary')}>
            {t('doc_application_summary')}
          </Button>
        </div>
        <ul className="kern-list">
          {detail.documents
            .filter((d) => d.kind !== 'receipt')
            .map((d) => (
              <li key={d.id}>
                <a
                  className="kern-link"
                  href={`/api/documents/${d.id}/pdf`}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  {t('docOpen', { title: t(`docTitle_${d.kind}` as Key) })}
                </a>
                {` – ${f.dateTime(d.issuedAt)}`}
              </li>
            ))}
        </ul>
      </section>

      <section aria-labelledby="case-data">
        <h2 className="kern-heading-medium" id="case-data">
          {t('data')}
        </h2>
        {detail.summary.map((s) => (
          <div key={s.title}>
            <h3 className="kern-heading-small">{s.title}</h3>
            <dl className="bk-facts">
              {s.fields.map((x) => (
                <div className="bk-facts__row" key={x.pointer}>
                  <dt>{x.label}</dt>
                  <dd>{x.value}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </section>

      <section aria-labelledby="case-notes">
        <h2 className="kern-heading-medium" id="case-notes">
          {t('notes')}
        </h2>
        {detail.notes.length === 0 ? (
          <p className="kern-body">{t('notesNone')}</p>
        ) : (
          <ul className="kern-list">
            {detail.notes.map((n) => (
              <li key={n.id}>{`${f.dateTime(n.at)}, ${n.author}: ${n.text}`}</li>
            ))}
          </ul>
        )}
        <form
          className="bk-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!note.trim()) {
              setErrors([{ fieldId: 'case-note', message: t('noteMissing') }]);
              return;
            }
            void run(() => post(`/api/cases/${id}/notes`, { text: note.trim() }).then(() => setNote('')));
          }}
        >
          <TextArea
            id="case-note"
            label={t('noteText')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            error={errorFor(errors, 'case-note')}
          />
          <div className="bk-actions">
            <Button variant="secondary">{t('addNote')}</Button>
          </div>
        </form>
      </section>

      <section aria-labelledby="case-history">
        <h2 className="kern-heading-medium" id="case-history">
          {t('history')}
        </h2>
        <ul className="kern-list">
          {detail.transitions.map((tr) => (
            <li key={tr.at + tr.to}>
              {t('historyEntry', {
                at: f.dateTime(tr.at),
                to: CASE_STATE_LABELS[tr.to][locale],
                by: tr.by ?? '–',
              })}
              {tr.reason ? ` – ${tr.reason}` : ''}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
