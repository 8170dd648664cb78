import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { validUntil } from '../../../core/cases/id-documents';
import { computeFee, type FeeResult } from '../../../core/catalog/fees';
import { REGISTRATION_DEADLINE_DAYS } from '../../../core/forms/definitions/registration';
import { feeInputFromForm } from '../../../core/forms/fee-input';
import { getFormDefinition } from '../../../core/forms/registry';
import type { ContextOption } from '../../../core/forms/types';
import { validateForm } from '../../../core/forms/validate';
import { addDays, isIsoDate } from '../../../core/time';
import { get, post } from '../../ui/api';
import { Alert, BackLink, Loading } from '../../ui/components';
import { FormRenderer, fieldId } from '../../ui/form-renderer';
import { Button, ErrorSummary, SelectField, usePageTitle, useStepErrors } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link, navigate, useSearch } from '../../ui/router';
import { purposeHeaders } from '../register/purpose';
import type { PersonSummary } from '../register/types';
import { useServing, withServing } from '../serving';
import { DeskAttachmentField } from './AttachmentField';
import { casesMessages } from './messages';
import type { CaptureResult, DeskService } from './types';

interface FormContextResponse {
  service: DeskService;
  today: string;
  hasPerson: boolean;
  personBirthDate: string | null;
  person: PersonSummary | null;
  options: Record<string, ContextOption[]>;
}

const ID_KIND: Record<string, 'id_card' | 'passport' | 'temporary_id_card'> = {
  personalausweis: 'id_card',
  reisepass: 'passport',
  'vorlaeufiger-personalausweis': 'temporary_id_card',
};

export default function NewCasePage() {
  const t = useT(casesMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const search = useSearch();
  const serviceId = search.get('service') ?? '';
  const personId = search.get('person') ?? '';
  const [services, setServices] = useState<DeskService[]>([]);
  const [choice, setChoice] = useState('');
  const [ctx, setCtx] = useState<FormContextResponse>();
  const [data, setData] = useState<Record<string, unknown>>({});
  const serving = useServing();
  // Choosing the service and filling its form are two steps: errors never carry over (#10).
  const { errors, setErrors, general, setGeneral } = useStepErrors(`${serviceId}|${personId}`);
  const definition = ctx ? getFormDefinition(ctx.service.formKey) : undefined;
  usePageTitle(definition ? definition.title[locale] : t('newTitle'), errors.length > 0 || !!general);

  useEffect(() => {
    if (serviceId) return;
    get<{ services: DeskService[] }>('/api/cases/services')
      .then((d) => setServices(d.services))
      .catch(() => {});
  }, [serviceId]);

  useEffect(() => {
    if (!serviceId) return;
    setCtx(undefined);
    setData({});
    const q = new URLSearchParams({ serviceId, ...(personId ? { personId } : {}) });
    get<FormContextResponse>(`/api/cases/form-context?${q}`, { headers: purposeHeaders() })
      .then(setCtx)
      .catch((error) => setGeneral(error instanceof Error ? error.message : c('genericError')));
  }, [serviceId, personId, c, setGeneral]);

  const validationContext = useMemo(
    () =>
      ctx
        ? {
            today: ctx.today,
            hasPerson: ctx.hasPerson,
            personBirthDate: ctx.personBirthDate,
            options: ctx.options,
          }
        : undefined,
    [ctx],
  );

  const fee: FeeResult | null = useMemo(() => {
    if (!ctx || !definition || !validationContext) return null;
    try {
      return computeFee(ctx.service.fees, feeInputFromForm(definition, data, validationContext));
    } catch {
      return null;
    }
  }, [ctx, definition, data, validationContext]);

  if (!serviceId) {
    return (
      <>
        <ErrorSummary errors={errors} />
        <BackLink href="/desk/vorgaenge" />
        <h1 className="kern-heading-large">{t('chooseService')}</h1>
        <form
          className="bk-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!choice) setErrors([{ fieldId: 'new-service', message: t('serviceMissing') }]);
            else
              navigate(
                `/desk/vorgaenge/neu${withServing(serving, { service: choice, person: personId || undefined })}`,
              );
          }}
        >
          <SelectField
            id="new-service"
            label={t('service')}
            options={[
              { value: '', label: '–' },
              ...services.map((s) => ({ value: s.id, label: s.name[locale] })),
            ]}
            value={choice}
            error={errors.find((e) => e.fieldId === 'new-service')?.message}
            onChange={(e) => setChoice(e.target.value)}
          />
          <div className="bk-actions">
            <Button>{t('continue')}</Button>
          </div>
        </form>
      </>
    );
  }
  if (general && !ctx) return <Alert tone="danger" title={general} role="alert" />;
  if (!ctx || !definition || !validationContext) return <Loading />;

  const needsPerson = ctx.service.person === 'resident' && !ctx.hasPerson;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const result = validateForm(definition!, data, validationContext!);
    const local = result.errors.map((issue) => ({
      fieldId: fieldId(issue.pointer),
      message: issue.message[locale],
    }));
    setErrors(local);
    if (local.length) return;
    try {
      const captured = await post<CaptureResult>(
        '/api/cases',
        {
          serviceId,
          personId: personId || null,
          formData: result.data,
          ...(serving ? { ticketId: serving.ticketId } : {}),
        },
        { headers: purposeHeaders() },
      );
      navigate(`/desk/vorgaenge/${captured.id}${withServing(serving)}`);
    } catch (error) {
      const body = error as { errors?: { path: string; message?: string }[]; detail?: string };
      const mapped = (body.errors ?? [])
        .filter((x) => x.message)
        .map((x) => ({ fieldId: fieldId(x.path), message: x.message! }));
      setErrors(mapped);
      setGeneral(body.detail ?? c('genericError'));
    }
  }

  const moveIn = typeof data.moveInDate === 'string' && isIsoDate(data.moveInDate) ? data.moveInDate : null;
  const deadline = moveIn ? addDays(moveIn, REGISTRATION_DEADLINE_DAYS) : null;
  const idKind = ID_KIND[ctx.service.formKey];
  const name = ctx.person ? `${ctx.person.givenNames} ${ctx.person.familyName}` : t('newPerson');

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <BackLink href={personId ? `/desk/register/${personId}` : '/desk/vorgaenge'} />
      <h1 className="kern-heading-large">{definition.title[locale]}</h1>
      <p className="kern-body kern-body--large">{t('forPerson', { name })}</p>
      {serving && (
        <p className="kern-body">
          {t('forTicket', { code: serving.code })}{' '}
          <Link className="kern-link" href="/desk/warteschlange">
            {t('toQueue')}
          </Link>
        </p>
      )}
      {definition.intro && <p className="kern-body">{definition.intro[locale]}</p>}
      {needsPerson ? (
        <Alert tone="warning" title={t('personRequired')}>
          <p className="kern-body">
            <Link className="kern-link" href="/desk/register">
              {t('toRegister')}
            </Link>
          </p>
        </Alert>
      ) : (
        <form className="bk-form bk-form--wide" onSubmit={submit} noValidate>
          <FormRenderer
            definition={definition}
            data={data}
            onChange={setData}
            context={validationContext}
            errors={errors}
            renderAttachment={(p) => <DeskAttachmentField {...p} />}
          />
          {deadline && (
            <Alert
              tone={deadline < ctx.today ? 'warning' : 'info'}
              title={
                deadline < ctx.today
                  ? t('deadlinePassed', { date: f.shortDate(deadline) })
                  : t('deadline', { date: f.shortDate(deadline) })
              }
            />
          )}
          {idKind && ctx.personBirthDate && (
            <p className="kern-body">
              {t('validity', { date: f.shortDate(validUntil(idKind, ctx.personBirthDate, ctx.today)) })}
            </p>
          )}
          <section aria-labelledby="new-fee" className="bk-form-section">
            <h2 className="kern-heading-medium" id="new-fee">
              {t('fee')}
            </h2>
            {ctx.service.fees.amountUnconfirmed && <p className="kern-body">{t('feeUnconfirmed')}</p>}
            {fee === null ? (
              <p className="kern-body">{t('feeNeedsInput')}</p>
            ) : fee.totalCents === 0 && !ctx.service.fees.amountUnconfirmed ? (
              <p className="kern-body">{t('feeFree')}</p>
            ) : (
              <dl className="bk-facts">
                {fee.lines.map((l) => (
                  <div className="bk-facts__row" key={l.label.de}>
                    <dt>{l.label[locale]}</dt>
                    <dd>{f.cents(l.amountCents)}</dd>
                  </div>
                ))}
                <div className="bk-facts__row">
                  <dt>{t('feeTotal')}</dt>
                  <dd>{f.cents(fee.totalCents)}</dd>
                </div>
              </dl>
            )}
          </section>
          <div className="bk-actions">
            <Button>{t('capture')}</Button>
          </div>
        </form>
      )}
    </>
  );
}
