import { type FormEvent, useEffect, useState } from 'react';
import { isEmail, normalisePhone } from '../../../core/booking/contact';
import { post } from '../../ui/api';
import { type BookableService, bookingApi } from '../../ui/booking-api';
import { Alert, Loading } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextArea,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { officeDayMessages } from './messages';

type Requester = 'self' | 'relative' | 'care_home' | 'hotline';

/**
 * Asking for a home visit: for oneself, for a relative, from a care home — or, signed in at the
 * desk, by a hotline agent for a caller (staff = true).
 */
export default function HomeVisitPage({ staff = false }: { staff?: boolean }) {
  const t = useT(officeDayMessages);
  const c = useT(common);
  const { locale } = useLocale();
  const [services, setServices] = useState<BookableService[] | null>(null);
  const [form, setForm] = useState({
    requesterKind: (staff ? 'hotline' : 'self') as Requester,
    requesterName: '',
    personName: '',
    street: '',
    postalCode: '08393',
    city: '',
    email: '',
    phone: '',
    reason: '',
  });
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [reference, setReference] = useState<string>();
  usePageTitle(reference ? t('homeDone') : t('homeTitle'), errors.length > 0 || !!general);
  useEffect(() => {
    void bookingApi.services().then(setServices);
  }, []);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (form.requesterKind !== 'self' && !form.requesterName.trim())
      local.push({ fieldId: 'hv-requester-name', message: t('requesterNameMissing') });
    if (!form.personName.trim()) local.push({ fieldId: 'hv-person', message: t('personNameMissing') });
    if (!form.street.trim()) local.push({ fieldId: 'hv-street', message: t('streetMissing') });
    if (!/^\d{5}$/.test(form.postalCode.trim()))
      local.push({ fieldId: 'hv-postal', message: t('postalCodeInvalid') });
    if (!form.city.trim()) local.push({ fieldId: 'hv-city', message: t('cityMissing') });
    if (chosen.length === 0) local.push({ fieldId: 'hv-services', message: t('homeServicesMissing') });
    if (form.reason.trim().length < 3) local.push({ fieldId: 'hv-reason', message: t('reasonMissing') });
    if (form.phone.trim() && !normalisePhone(form.phone))
      local.push({ fieldId: 'hv-phone', message: t('phoneInvalid') });
    if (form.email.trim() && !isEmail(form.email))
      local.push({ fieldId: 'hv-email', message: t('emailInvalid') });
    if (!form.phone.trim() && !form.email.trim())
      local.push({ fieldId: 'hv-phone', message: t('contactMissing') });
    setErrors(local);
    setGeneral(undefined);
    if (local.length) return;
    try {
      const res = await post<{ reference: string }>('/api/schedule/home-visits', {
        serviceIds: chosen,
        requesterKind: form.requesterKind,
        requesterName: form.requesterKind === 'self' ? null : form.requesterName.trim(),
        personName: form.personName.trim(),
        street: form.street.trim(),
        postalCode: form.postalCode.trim(),
        city: form.city.trim(),
        email: form.email.trim() || null,
        phone: form.phone.trim() || null,
        reason: form.reason.trim(),
        locale,
      });
      setReference(res.reference);
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        {
          '/requesterName': 'hv-requester-name',
          '/personName': 'hv-person',
          '/street': 'hv-street',
          '/postalCode': 'hv-postal',
          '/city': 'hv-city',
          '/serviceIds': 'hv-services',
          '/reason': 'hv-reason',
          '/phone': 'hv-phone',
          '/email': 'hv-email',
        },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  if (reference) {
    return (
      <>
        <h1 className="kern-heading-large">{t('homeDone')}</h1>
        <Alert tone="success" title={t('homeDone')} role="status">
          <p className="kern-body" data-testid="home-visit-reference">
            {t('homeDoneText', { reference })}
          </p>
        </Alert>
      </>
    );
  }
  if (!services) return <Loading />;
  const requesters: { value: Requester; label: string }[] = [
    ...(staff ? [{ value: 'hotline' as const, label: t('requesterHotline') }] : []),
    { value: 'self', label: t('requesterSelf') },
    { value: 'relative', label: t('requesterRelative') },
    { value: 'care_home', label: t('requesterCareHome') },
  ];
  return (
    <form className="bk-form" onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('homeTitle')}</h1>
      <p className="kern-body">{t('homeLead')}</p>
      <ChoiceGroup
        id="hv-requester"
        legend={t('requester')}
        type="radio"
        name="hv-requester"
        options={requesters}
        value={[form.requesterKind]}
        onChange={(v) => setForm((f) => ({ ...f, requesterKind: v[0] as Requester }))}
      />
      {form.requesterKind !== 'self' && (
        <TextField
          id="hv-requester-name"
          label={t('requesterName')}
          value={form.requesterName}
          onChange={set('requesterName')}
          error={errorFor(errors, 'hv-requester-name')}
        />
      )}
      <TextField
        id="hv-person"
        label={t('personName')}
        value={form.personName}
        onChange={set('personName')}
        error={errorFor(errors, 'hv-person')}
      />
      <TextField
        id="hv-street"
        label={t('street')}
        autoComplete="street-address"
        value={form.street}
        onChange={set('street')}
        error={errorFor(errors, 'hv-street')}
      />
      <TextField
        id="hv-postal"
        label={t('postalCode')}
        inputMode="numeric"
        autoComplete="postal-code"
        width={4}
        value={form.postalCode}
        onChange={set('postalCode')}
        error={errorFor(errors, 'hv-postal')}
      />
      <TextField
        id="hv-city"
        label={t('city')}
        value={form.city}
        onChange={set('city')}
        error={errorFor(errors, 'hv-city')}
      />
      <ChoiceGroup
        id="hv-services"
        legend={t('homeServices')}
        type="checkbox"
        name="hv-services"
        options={services.map((s) => ({ value: s.id, label: s.name[locale] }))}
        value={chosen}
        onChange={setChosen}
        error={errorFor(errors, 'hv-services')}
      />
      <TextArea
        id="hv-reason"
        label={t('reason')}
        hint={t('reasonHint')}
        value={form.reason}
        onChange={set('reason')}
        error={errorFor(errors, 'hv-reason')}
      />
      <h2 className="kern-heading-small">{t('contact')}</h2>
      <p className="kern-body">{t('contactHint')}</p>
      <TextField
        id="hv-phone"
        type="tel"
        label={t('phone')}
        autoComplete="tel"
        value={form.phone}
        onChange={set('phone')}
        error={errorFor(errors, 'hv-phone')}
      />
      <TextField
        id="hv-email"
        type="email"
        label={t('email')}
        autoComplete="email"
        value={form.email}
        onChange={set('email')}
        error={errorFor(errors, 'hv-email')}
      />
      <div>
        <Button>{t('homeSubmit')}</Button>
      </div>
    </form>
  );
}
