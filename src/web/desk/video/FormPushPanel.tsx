import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { getFormDefinition } from '../../../core/forms/registry';
import type { ContextOption } from '../../../core/forms/types';
import { validateForm } from '../../../core/forms/validate';
import { uuidv7 } from '../../../core/ids';
import type { ClientMessage, FormPush, ServerMessage } from '../../../core/video/protocol';
import { ApiError, get, post } from '../../ui/api';
import { Alert } from '../../ui/components';
import { FormRenderer, fieldId } from '../../ui/form-renderer';
import { Button, ChoiceGroup, ErrorSummary, type FormError, SelectField, TextField } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { DeskAttachmentField } from '../cases/AttachmentField';
import type { DeskService } from '../cases/types';
import { purposeHeaders } from '../register/purpose';
import type { PersonSummary } from '../register/types';
import { deskVideoMessages } from './messages';

/** Register reads during a call are audited with this purpose. */
const PURPOSE = 'Videoberatung am Bürgerterminal';

interface FormContextResponse {
  today: string;
  hasPerson: boolean;
  personBirthDate: string | null;
  options: Record<string, ContextOption[]>;
}

interface Pushed {
  push: FormPush;
  title: string;
  caseId: string;
}

/**
 * Co-browsing of our own forms (#11): the clerk picks a service offered at the terminal and the
 * person from the register, and sends the form of the shared renderer to the terminal. What the
 * citizen sends back comes here, the clerk checks it (the same rules, src/core/forms) and
 * captures the case of the call.
 */
export function FormPushPanel({
  callId,
  send,
  received,
  onCaptured,
  existingCase,
}: {
  callId: string;
  send(message: ClientMessage): void;
  received: Extract<ServerMessage, { type: 'form.submit' }> | null;
  onCaptured(): void;
  existingCase: { id: string; number: string } | null;
}) {
  const t = useT(deskVideoMessages);
  const f = useFormat();
  const { locale } = useLocale();
  const [services, setServices] = useState<DeskService[]>([]);
  const [serviceId, setServiceId] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [persons, setPersons] = useState<PersonSummary[] | null>(null);
  const [personId, setPersonId] = useState('');
  const [pushed, setPushed] = useState<Pushed | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();

  useEffect(() => {
    get<{ services: DeskService[] }>('/api/cases/services')
      .then((r) => setServices(r.services.filter((s) => s.channels.includes('terminal'))))
      .catch(() => {});
  }, []);
  const service = services.find((s) => s.id === serviceId);

  async function search() {
    if (familyName.trim().length < 2) {
      setErrors([{ fieldId: 'push-family', message: t('pushSearchMissing') }]);
      return;
    }
    setErrors([]);
    const q = new URLSearchParams({ familyName: familyName.trim() });
    if (birthDate) q.set('birthDate', birthDate);
    try {
      const r = await get<{ persons: PersonSummary[] }>(`/api/register/persons?${q}`, {
        headers: purposeHeaders(PURPOSE),
      });
      setPersons(r.persons);
      setPersonId(r.persons.length === 1 ? r.persons[0]!.id : '');
    } catch (error) {
      setGeneral(error instanceof ApiError ? error.detail : String(error));
    }
  }

  async function push(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const local: FormError[] = [];
    if (!service) local.push({ fieldId: 'push-service', message: t('pushServiceMissing') });
    else if (service.person !== 'anyone' && !personId)
      local.push({
        fieldId: persons?.length ? 'push-person' : 'push-family',
        message: t('pushPersonMissing'),
      });
    setErrors(local);
    if (local.length || !service) return;
    const definition = getFormDefinition(service.formKey);
    if (!definition) return;
    try {
      const q = new URLSearchParams({ serviceId: service.id, ...(personId ? { personId } : {}) });
      const ctx = await get<FormContextResponse>(`/api/cases/form-context?${q}`, {
        headers: purposeHeaders(PURPOSE),
      });
      const message: FormPush = {
        pushId: uuidv7(),
        serviceId: service.id,
        formKey: service.formKey,
        personId: personId || null,
        context: {
          today: ctx.today,
          hasPerson: ctx.hasPerson,
          personBirthDate: ctx.personBirthDate,
          options: ctx.options,
        },
        data: {},
      };
      send({ type: 'form.push', form: message });
      setPushed({ push: message, title: definition.title[locale], caseId: uuidv7() });
    } catch (error) {
      setGeneral(error instanceof ApiError ? error.detail : String(error));
    }
  }

  if (existingCase) {
    return (
      <section className="bk-call-panel" aria-labelledby="push-title">
        <h2 className="kern-heading-small" id="push-title">
          {t('pushTitle')}
        </h2>
        <Alert tone="success" title={t('captured', { number: existingCase.number })} role="status">
          <p className="kern-body">
            <a
              className="kern-link"
              href={`/desk/vorgaenge/${existingCase.id}`}
              target="_blank"
              rel="noopener"
            >
              {t('openCase', { number: existingCase.number })}
            </a>
          </p>
        </Alert>
      </section>
    );
  }

  const answer = received && pushed && received.pushId === pushed.push.pushId ? received : null;
  if (answer && pushed) {
    return <ReceivedForm callId={callId} pushed={pushed} data={answer.data} onCaptured={onCaptured} />;
  }

  return (
    <section className="bk-call-panel" aria-labelledby="push-title" data-testid="form-push">
      <h2 className="kern-heading-small" id="push-title">
        {t('pushTitle')}
      </h2>
      {pushed ? (
        <>
          <Alert tone="info" title={t('pushSent', { title: pushed.title })} role="status" />
          <div className="bk-actions">
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                send({ type: 'form.withdraw', pushId: pushed.push.pushId });
                setPushed(null);
              }}
            >
              {t('pushWithdraw')}
            </Button>
          </div>
        </>
      ) : (
        <form className="bk-form" onSubmit={push} noValidate>
          <ErrorSummary errors={errors} general={general} />
          <SelectField
            id="push-service"
            label={t('pushService')}
            options={[
              { value: '', label: t('pushChoose') },
              ...services.map((s) => ({ value: s.id, label: s.name[locale] })),
            ]}
            value={serviceId}
            error={errors.find((x) => x.fieldId === 'push-service')?.message}
            onChange={(e) => setServiceId(e.target.value)}
          />
          {service?.person !== 'anyone' && (
            <>
              <TextField
                id="push-family"
                label={t('pushPersonFamily')}
                value={familyName}
                autoComplete="off"
                error={errors.find((x) => x.fieldId === 'push-family')?.message}
                onChange={(e) => setFamilyName(e.target.value)}
              />
              <TextField
                id="push-birth"
                type="date"
                label={t('pushPersonBirth')}
                value={birthDate}
                onChange={(e) => setBirthDate(e.target.value)}
              />
              <div className="bk-actions">
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => void search()}
                  data-testid="push-search"
                >
                  {t('pushSearch')}
                </Button>
              </div>
              {persons && persons.length === 0 && <p className="kern-body">{t('pushNoPerson')}</p>}
              {persons && persons.length > 0 && (
                <ChoiceGroup
                  id="push-person"
                  legend={t('pushPerson')}
                  type="radio"
                  name="push-person"
                  options={persons.map((p) => ({
                    value: p.id,
                    label: `${p.familyName}, ${p.givenNames} (${f.shortDate(p.birthDate)})`,
                  }))}
                  value={personId ? [personId] : []}
                  error={errors.find((x) => x.fieldId === 'push-person')?.message}
                  onChange={(v) => setPersonId(v[0] ?? '')}
                />
              )}
            </>
          )}
          <div className="bk-actions">
            <Button data-testid="push-send">{t('pushSend')}</Button>
          </div>
        </form>
      )}
    </section>
  );
}

function ReceivedForm({
  callId,
  pushed,
  data: initial,
  onCaptured,
}: {
  callId: string;
  pushed: Pushed;
  data: Record<string, unknown>;
  onCaptured(): void;
}) {
  const t = useT(deskVideoMessages);
  const { locale } = useLocale();
  const definition = getFormDefinition(pushed.push.formKey)!;
  const [data, setData] = useState(initial);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const context = useMemo(() => pushed.push.context, [pushed]);

  async function capture(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const result = validateForm(definition, data, context);
    const local = result.errors.map((issue) => ({
      fieldId: fieldId(issue.pointer, 'rf'),
      message: issue.message[locale],
    }));
    setErrors(local);
    if (local.length) return;
    try {
      await post(`/api/video/calls/${callId}/case`, {
        id: pushed.caseId,
        serviceId: pushed.push.serviceId,
        personId: pushed.push.personId,
        formData: result.data,
        pushId: pushed.push.pushId,
      });
      onCaptured();
    } catch (error) {
      const body = error as { errors?: { path: string; message?: string }[]; detail?: string };
      setErrors(
        (body.errors ?? [])
          .filter((x) => x.message)
          .map((x) => ({ fieldId: fieldId(x.path, 'rf'), message: x.message! })),
      );
      setGeneral(body.detail ?? String(error));
    }
  }

  return (
    <section className="bk-call-panel" aria-labelledby="received-title" data-testid="received-form">
      <h2 className="kern-heading-small" id="received-title">
        {t('receivedTitle')}: {pushed.title}
      </h2>
      <p className="kern-body">{t('receivedText')}</p>
      <form className="bk-form" onSubmit={capture} noValidate>
        <ErrorSummary errors={errors} general={general} />
        <FormRenderer
          definition={definition}
          data={data}
          onChange={setData}
          context={context}
          errors={errors}
          idPrefix="rf"
          renderAttachment={(p) => <DeskAttachmentField {...p} />}
        />
        <div className="bk-actions">
          <Button data-testid="capture-case">{t('capture')}</Button>
        </div>
      </form>
    </section>
  );
}
