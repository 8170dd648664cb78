import { type FormEvent, useMemo, useState } from 'react';
import { formatAccessCode, newAccessCode } from '../../../core/cases/numbers';
import { serviceBehaviour } from '../../../core/cases/services';
import { computeFee, type FeeResult } from '../../../core/catalog/fees';
import type { CatalogServiceSummary } from '../../../core/catalog/types';
import { compareText } from '../../../core/collation';
import { feeInputFromForm } from '../../../core/forms/fee-input';
import { getFormDefinition } from '../../../core/forms/registry';
import type { FormContext } from '../../../core/forms/types';
import { validateForm } from '../../../core/forms/validate';
import { uuidv7 } from '../../../core/ids';
import type { AttachmentUse } from '../../../core/sync/commands';
import { kitCaseNumber, kitReceiptNumber } from '../../../core/sync/kit-numbers';
import { CameraCapture } from '../../ui/camera-capture';
import { Alert } from '../../ui/components';
import { type AttachmentRenderProps, FormRenderer, fieldId } from '../../ui/form-renderer';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  SelectField,
  TextField,
  usePageTitle,
  useStepErrors,
} from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { SignaturePad } from '../../ui/signature-pad';
import { sha256Hex } from '../crypto/record-cipher';
import { downloadPdf, makePdf } from '../print/receipt-pdf';
import { useKit } from '../state/kit-context';
import type { KitPerson } from '../storage/person-index';
import type { CaptureRecord, KitMunicipality, KitResident } from './capture-types';
import { serveMessages } from './serve-messages';

type Data = Record<string, unknown>;
interface LocalFile {
  sha256: string;
  kind: AttachmentUse['kind'];
  mime: 'image/jpeg' | 'image/png' | 'application/pdf';
  bytes: Uint8Array;
  url: string;
}

function berlinToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
}

function isQuotaError(error: unknown): boolean {
  const e = error as { name?: string; inner?: { name?: string } } | null;
  return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError';
}

export default function ServePage() {
  const t = useT(serveMessages);
  const f = useFormat();
  const { locale } = useLocale();
  const { store, index, config, revision } = useKit();
  const [serviceId, setServiceId] = useState('');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<string[] | null>(null);
  const [personId, setPersonId] = useState<string | null>(null);
  const [newPerson, setNewPerson] = useState(false);
  const [data, setData] = useState<Data>({});
  const [files, setFiles] = useState<Record<string, LocalFile>>({});
  const [method, setMethod] = useState<'cash' | 'card' | 'invoice'>('cash');
  const [terminalRef, setTerminalRef] = useState('');
  const [invoiceTo, setInvoiceTo] = useState('');
  const [manualAmount, setManualAmount] = useState('');
  // Another service or person is another form: its errors never carry over (#10).
  const { errors, setErrors, general, setGeneral } = useStepErrors(
    `${serviceId}|${personId ?? ''}|${newPerson}`,
  );
  const [saved, setSaved] = useState<CaptureRecord | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('title'), errors.length > 0 || !!general);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read on data change
  const services = useMemo(
    () =>
      (store?.items<CatalogServiceSummary>('service') ?? [])
        .map((s) => s.data)
        .filter((s) => s.formKey && getFormDefinition(s.formKey) && serviceBehaviour(s.formKey)?.offline)
        .sort((a, b) => compareText(a.name[locale], b.name[locale], locale)),
    [store, revision, locale],
  );
  const service = services.find((s) => s.id === serviceId);
  const definition = service?.formKey ? getFormDefinition(service.formKey) : undefined;
  const behaviour = service?.formKey ? serviceBehaviour(service.formKey) : undefined;
  const person = personId ? store?.item<KitResident>('person', personId)?.data : undefined;
  const today = berlinToday();

  const context: FormContext = useMemo(() => {
    const municipalities = (store?.items<KitMunicipality>('municipality') ?? []).map((m) => ({
      value: m.id,
      label: m.data.name,
    }));
    const household = person?.householdId
      ? (store?.items<KitResident>('person') ?? [])
          .filter((p) => p.data.householdId === person.householdId && p.id !== personId)
          .map((p) => ({ value: p.id, label: `${p.data.familyName}, ${p.data.givenNames}` }))
      : [];
    const euro = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;
    return {
      today,
      hasPerson: !!person,
      personBirthDate: person?.birthDate ?? null,
      options: {
        municipalities,
        household,
        feeOptions: (service?.fees.options ?? []).map((o) => ({
          value: o.id,
          label: `${o.label.de} (+${euro(o.amountCents)})`,
        })),
      },
      attachments: Object.fromEntries(Object.values(files).map((x) => [x.sha256, x.kind])),
    };
  }, [store, person, personId, service, files, today]);

  let fee: FeeResult | null = null;
  try {
    fee =
      service && definition ? computeFee(service.fees, feeInputFromForm(definition, data, context)) : null;
  } catch {
    fee = null;
  }
  const unconfirmed = !!service?.fees.amountUnconfirmed;
  const amountCents = unconfirmed
    ? Math.round(Number(manualAmount.replace(',', '.')) * 100) || 0
    : (fee?.totalCents ?? 0);

  function search(e?: FormEvent) {
    e?.preventDefault();
    setHits(index ? index.search(query, 15) : []);
  }

  async function addFile(
    pointer: string,
    kind: AttachmentUse['kind'],
    blob: Blob,
    onChange: (v: unknown) => void,
  ) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const sha256 = await sha256Hex(bytes);
    const mime = (blob.type || 'image/jpeg') as LocalFile['mime'];
    setFiles((all) => ({ ...all, [pointer]: { sha256, kind, mime, bytes, url: URL.createObjectURL(blob) } }));
    onChange(sha256);
  }

  function renderAttachment(rendered: AttachmentRenderProps) {
    // Files arrive asynchronously (hashing); update the field from the latest data, not the
    // data of the render that started the capture, so a photo and a signature never undo each other.
    const topLevel = rendered.id === fieldId(`/${rendered.field.name}`);
    const props: AttachmentRenderProps = topLevel
      ? {
          ...rendered,
          onChange: (value) =>
            setData((d) => {
              const next = { ...d };
              if (value === undefined) delete next[rendered.field.name];
              else next[rendered.field.name] = value;
              return next;
            }),
        }
      : rendered;
    const pointer = props.id;
    const current = files[pointer];
    if (props.field.kind === 'signature')
      return (
        <div className="bk-kit-signature">
          <SignaturePad
            id={props.id}
            label={props.label}
            hint={props.hint}
            error={props.error}
            captured={!!current && props.value === current.sha256}
            onChange={(png) => {
              if (png) void addFile(pointer, 'signature', png, props.onChange);
              else props.onChange(undefined);
            }}
          />
        </div>
      );
    return (
      <div className="bk-kit-camera">
        <CameraCapture
          id={props.id}
          label={props.label}
          hint={props.hint}
          error={props.error}
          previewUrl={current && props.value === current.sha256 ? current.url : null}
          onCapture={(blob) => void addFile(pointer, props.field.kind, blob, props.onChange)}
        />
      </div>
    );
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const local: FormError[] = [];
    if (!service || !definition) {
      setErrors([{ fieldId: 'serve-service', message: t('serviceMissing') }]);
      return;
    }
    if (behaviour?.person === 'resident' && !personId)
      local.push({ fieldId: 'serve-search', message: t('personMissing') });
    if (behaviour?.person === 'resident_or_new' && !personId && !newPerson)
      local.push({ fieldId: 'serve-search', message: t('personMissing') });
    const validation = validateForm(definition, data, context);
    for (const issue of validation.errors)
      local.push({ fieldId: fieldId(issue.pointer), message: issue.message[locale] });
    if (amountCents > 0 || unconfirmed) {
      if (unconfirmed && !manualAmount.trim())
        local.push({ fieldId: 'serve-amount', message: t('amountMissing') });
      if (method === 'card' && !terminalRef.trim())
        local.push({ fieldId: 'serve-terminal', message: t('terminalMissing') });
      if (method === 'invoice' && !invoiceTo.trim())
        local.push({ fieldId: 'serve-invoice', message: t('invoiceMissing') });
    }
    setErrors(local);
    if (local.length) return;
    setBusy(true);
    try {
      const prefix = config!.prefix;
      const year = Number(today.slice(0, 4));
      const stored = JSON.stringify(validation.data);
      const used = Object.values(files).filter((x) => stored.includes(x.sha256));
      const caseId = uuidv7();
      const record = await store!.capture<CaptureRecord>(async (numbers) => {
        const caseNumber = kitCaseNumber(prefix, year, numbers.next('case', String(year)));
        const accessCode = newAccessCode();
        const capturedAt = new Date().toISOString();
        const payment =
          amountCents > 0
            ? {
                paymentId: uuidv7(),
                receiptNumber: kitReceiptNumber(prefix, year, numbers.next('receipt', String(year))),
                amountCents,
                method,
              }
            : null;
        const attachments: AttachmentUse[] = used.map((x) => ({
          sha256: x.sha256,
          kind: x.kind,
          mime: x.mime,
          size: x.bytes.length,
        }));
        const rec: CaptureRecord = {
          caseId,
          caseNumber,
          accessCode: formatAccessCode(accessCode),
          serviceId: service.id,
          serviceName: service.name,
          formKey: service.formKey!,
          personId,
          personName: person
            ? `${person.familyName}, ${person.givenNames}`
            : [
                (validation.data.newPerson as KitPerson | undefined)?.familyName,
                (validation.data.newPerson as KitPerson | undefined)?.givenNames,
              ]
                .filter(Boolean)
                .join(', '),
          formData: validation.data,
          files: attachments,
          fee: fee
            ? {
                totalCents: amountCents,
                lines: fee.lines.map((l) => ({ label: l.label, amountCents: l.amountCents })),
              }
            : null,
          payment: payment ? { receiptNumber: payment.receiptNumber, method, amountCents } : null,
          capturedAt,
          clerkId: store!.clerk.userId,
          date: today,
        };
        const commands = [
          {
            id: uuidv7(),
            type: 'case.capture',
            payload: {
              caseId,
              caseNumber,
              accessCode,
              serviceId: service.id,
              formKey: service.formKey!,
              personId,
              formData: validation.data,
              attachments,
              locationId: config!.locationIds[0] ?? null,
              capturedAt,
            },
            attachments: attachments.map((a) => ({ sha256: a.sha256, size: a.size, mime: a.mime })),
          },
          ...(payment
            ? [
                {
                  id: uuidv7(),
                  type: 'fee.pay',
                  payload: {
                    paymentId: payment.paymentId,
                    receiptNumber: payment.receiptNumber,
                    caseId,
                    caseNumber,
                    amountCents,
                    method,
                    ...(method === 'card' ? { terminalReference: terminalRef.trim() } : {}),
                    ...(method === 'invoice' ? { invoiceRecipient: invoiceTo.trim() } : {}),
                    paidAt: capturedAt,
                  },
                },
              ]
            : []),
        ];
        return {
          records: [{ store: 'capture', id: caseId, value: rec }],
          commands,
          files: used.map((x) => ({ sha256: x.sha256, mime: x.mime, bytes: x.bytes })),
          result: rec,
        };
      });
      setSaved(record);
    } catch (error) {
      setGeneral(isQuotaError(error) ? t('quota') : t('saveFailed'));
    } finally {
      setBusy(false);
    }
  }

  async function printReceipt(rec: CaptureRecord) {
    const methodText = { cash: t('methodCash'), card: t('methodCard'), invoice: t('methodInvoice') };
    const bytes = await makePdf({
      title: t('receiptTitle'),
      subtitle: t('receiptSubtitle', {
        authority: config!.authorityName,
        kit: config!.prefix,
        date: f.dateTime(rec.capturedAt),
      }),
      language: locale,
      sections: [
        {
          heading: t('receiptNumbers'),
          lines: [
            { label: t('caseNumber'), value: rec.caseNumber },
            ...(rec.payment ? [{ label: t('receiptNumber'), value: rec.payment.receiptNumber }] : []),
            { label: t('accessCode'), value: rec.accessCode },
          ],
        },
        {
          heading: t('receiptService'),
          lines: [
            { label: t('receiptService'), value: rec.serviceName[locale] },
            ...(rec.personName ? [{ label: t('receiptFor'), value: rec.personName }] : []),
          ],
        },
        {
          heading: t('receiptFee'),
          lines: [
            ...(rec.fee?.lines ?? []).map((l) => ({ label: l.label[locale], value: f.cents(l.amountCents) })),
            {
              label: t('receiptTotal'),
              value: rec.payment ? f.cents(rec.payment.amountCents) : t('feeFree'),
            },
            ...(rec.payment ? [{ label: t('receiptMethod'), value: methodText[rec.payment.method] }] : []),
          ],
        },
      ],
      footer: t('receiptFooter', { url: `${window.location.origin}/status` }),
    });
    downloadPdf(bytes, `Quittung-${rec.payment?.receiptNumber ?? rec.caseNumber}.pdf`);
  }

  function reset() {
    setSaved(null);
    setServiceId('');
    setPersonId(null);
    setNewPerson(false);
    setData({});
    setFiles({});
    setQuery('');
    setHits(null);
    setManualAmount('');
    setTerminalRef('');
    setInvoiceTo('');
  }

  if (services.length === 0)
    return (
      <>
        <h1 className="kern-heading-large">{t('title')}</h1>
        <Alert tone="warning" title={t('notPrepared')} />
      </>
    );

  if (saved)
    return (
      <>
        <h1 className="kern-heading-large">{t('title')}</h1>
        <Alert tone="success" title={`${saved.serviceName[locale]}: ${t('saved')}`} role="status">
          <p className="kern-body">{t('savedText')}</p>
        </Alert>
        <dl className="kern-description-list" data-testid="capture-result">
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t('caseNumber')}</dt>
            <dd className="kern-description-list-item__value" data-testid="capture-case-number">
              {saved.caseNumber}
            </dd>
          </div>
          {saved.payment && (
            <div className="kern-description-list-item">
              <dt className="kern-description-list-item__key">{t('receiptNumber')}</dt>
              <dd className="kern-description-list-item__value" data-testid="capture-receipt-number">
                {saved.payment.receiptNumber}
              </dd>
            </div>
          )}
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t('accessCode')}</dt>
            <dd className="kern-description-list-item__value">{saved.accessCode}</dd>
          </div>
        </dl>
        <div className="bk-kit-actions">
          <Button type="button" onClick={() => void printReceipt(saved)}>
            {t('printReceipt')}
          </Button>
          <Button type="button" variant="secondary" onClick={reset}>
            {t('next')}
          </Button>
        </div>
      </>
    );

  const personHits = (hits ?? []).map((id) => ({ id, p: store!.item<KitResident>('person', id)!.data }));
  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <ErrorSummary errors={errors} general={general} />
      <form onSubmit={save} noValidate>
        <SelectField
          id="serve-service"
          label={t('service')}
          hint={t('serviceHint')}
          value={serviceId}
          onChange={(e) => {
            setServiceId(e.target.value);
            setData({});
            setFiles({});
          }}
          error={errorFor(errors, 'serve-service')}
          options={[
            { value: '', label: '–' },
            ...services.map((s) => ({ value: s.id, label: s.name[locale] })),
          ]}
        />
        {service && behaviour?.person !== 'anyone' && (
          <section aria-labelledby="serve-person-title">
            <h2 className="kern-heading-medium" id="serve-person-title">
              {t('personTitle')}
            </h2>
            {person ? (
              <p className="kern-body" data-testid="serve-person">
                {t('chosenPerson', {
                  name: `${person.familyName}, ${person.givenNames}`,
                  birth: f.shortDate(person.birthDate),
                })}{' '}
                <button
                  type="button"
                  className="kern-btn kern-btn--tertiary kern-btn--x-small"
                  onClick={() => setPersonId(null)}
                >
                  <span className="kern-label">{t('otherPerson')}</span>
                </button>
              </p>
            ) : (
              <>
                <TextField
                  id="serve-search"
                  label={t('search')}
                  hint={t('searchHint')}
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      search();
                    }
                  }}
                  error={errorFor(errors, 'serve-search')}
                />
                <Button type="button" variant="secondary" onClick={() => search()}>
                  {t('searchButton')}
                </Button>
                {hits && personHits.length === 0 && <p className="kern-body">{t('noHits')}</p>}
                {personHits.length > 0 && (
                  <ul className="kern-list bk-kit-results" data-testid="serve-hits">
                    {personHits.map(({ id, p }) => (
                      <li key={id}>
                        {p.familyName}, {p.givenNames} ({f.shortDate(p.birthDate)})
                        {p.residences[0]
                          ? ` – ${p.residences[0].address.street} ${p.residences[0].address.houseNumber}`
                          : ''}
                        {p.blocks.length > 0 ? ` – ${t('blocked')}` : ''}{' '}
                        <button
                          type="button"
                          className="kern-btn kern-btn--secondary kern-btn--x-small"
                          onClick={() => {
                            setPersonId(id);
                            setNewPerson(false);
                          }}
                        >
                          <span className="kern-label">
                            {t('choose')}
                            <span className="bk-visually-hidden">
                              {' '}
                              {p.familyName}, {p.givenNames}
                            </span>
                          </span>
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
                {behaviour?.person === 'resident_or_new' && (
                  <ChoiceGroup
                    id="serve-new-person"
                    legend={t('personTitle')}
                    type="checkbox"
                    name="newPerson"
                    options={[{ value: 'yes', label: t('newPerson') }]}
                    value={newPerson ? ['yes'] : []}
                    onChange={(v) => setNewPerson(v.includes('yes'))}
                  />
                )}
              </>
            )}
          </section>
        )}
        {definition && (
          <FormRenderer
            definition={definition}
            data={data}
            onChange={setData}
            context={context}
            errors={errors}
            renderAttachment={renderAttachment}
          />
        )}
        {service && (
          <section aria-labelledby="serve-fee-title">
            <h2 className="kern-heading-medium" id="serve-fee-title">
              {t('feeTitle')}
            </h2>
            {unconfirmed ? (
              <>
                <p className="kern-body">{t('feeUnconfirmed')}</p>
                <TextField
                  id="serve-amount"
                  label={t('amount')}
                  inputMode="decimal"
                  value={manualAmount}
                  onChange={(e) => setManualAmount(e.target.value)}
                  error={errorFor(errors, 'serve-amount')}
                  width={10}
                />
              </>
            ) : (
              <p className="kern-body" data-testid="serve-fee">
                {amountCents > 0 ? t('feeTotal', { amount: f.cents(amountCents) }) : t('feeFree')}
              </p>
            )}
            {(amountCents > 0 || unconfirmed) && (
              <>
                <ChoiceGroup
                  id="serve-method"
                  legend={t('method')}
                  type="radio"
                  name="method"
                  options={[
                    { value: 'cash', label: t('methodCash') },
                    { value: 'card', label: t('methodCard') },
                    { value: 'invoice', label: t('methodInvoice') },
                  ]}
                  value={[method]}
                  onChange={(v) => setMethod((v[0] as typeof method) ?? 'cash')}
                />
                {method === 'card' && (
                  <TextField
                    id="serve-terminal"
                    label={t('terminalReference')}
                    value={terminalRef}
                    onChange={(e) => setTerminalRef(e.target.value)}
                    error={errorFor(errors, 'serve-terminal')}
                  />
                )}
                {method === 'invoice' && (
                  <TextField
                    id="serve-invoice"
                    label={t('invoiceRecipient')}
                    value={invoiceTo}
                    onChange={(e) => setInvoiceTo(e.target.value)}
                    error={errorFor(errors, 'serve-invoice')}
                  />
                )}
              </>
            )}
          </section>
        )}
        <Button aria-busy={busy}>{busy ? t('saving') : t('save')}</Button>
      </form>
      <p className="kern-body">
        <Link className="kern-link" href="/koffer">
          {t('title')}
        </Link>
      </p>
    </>
  );
}
