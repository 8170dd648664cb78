import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { isEmail } from '../../../core/booking/contact';
import { get, post } from '../../ui/api';
import { Alert } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextField,
} from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { consentMessages } from './consent-messages';
import { purposeHeaders } from './purpose';

interface Consent {
  id: string;
  state: 'pending' | 'active' | 'expired' | 'ended';
  email: string | null;
  locale: 'de' | 'en';
  givenAt: string;
  confirmBy: string;
  confirmedAt: string | null;
  endedAt: string | null;
  endReason:
    | 'withdrawn_at_desk'
    | 'withdrawn_by_citizen'
    | 'replaced'
    | 'moved_away'
    | 'deceased'
    | 'not_confirmed'
    | null;
}

const IDS = { email: 'consent-email', locale: 'consent-locale', given: 'consent-given' };

/**
 * The consent to invitations by e-mail before an ID expires (#14, ADR 34), in the register's
 * person view: what holds now, recording an address (the clerk reads the consent text; the person
 * confirms the address by the link in a mail — double opt-in) and withdrawing it.
 */
export function InvitationConsent({
  personId,
  blocked,
  resident,
  onErrors,
}: {
  personId: string;
  blocked: boolean;
  resident: boolean;
  onErrors(has: boolean): void;
}) {
  const t = useT(consentMessages);
  const c = useT(common);
  const f = useFormat();
  const [consent, setConsent] = useState<Consent | null | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [locale, setLocale] = useState<'de' | 'en'>('de');
  const [given, setGiven] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const url = `/api/register/persons/${personId}/invitation-consent`;

  const load = useCallback(() => {
    get<{ consent: Consent | null }>(url, { headers: purposeHeaders() })
      .then((d) => setConsent(d.consent))
      .catch((error) => setGeneral(formErrorsFrom(error, {}, c('genericError')).general));
  }, [url, c]);
  useEffect(load, [load]);
  useEffect(() => onErrors(errors.length > 0 || !!general), [errors, general, onErrors]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setNotice(undefined);
    setGeneral(undefined);
    const found: FormError[] = [];
    if (!isEmail(email)) found.push({ fieldId: IDS.email, message: t('emailInvalid') });
    if (!given.includes('yes')) found.push({ fieldId: IDS.given, message: t('consentMissing') });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      const d = await post<{ consent: Consent }>(
        url,
        { email: email.trim(), locale, consentGiven: true },
        { headers: purposeHeaders() },
      );
      setConsent(d.consent);
      setOpen(false);
      setEmail('');
      setGiven([]);
      setNotice(t('recorded'));
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        { '/email': IDS.email, '/locale': IDS.locale, '/consentGiven': IDS.given },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    } finally {
      setBusy(false);
    }
  }

  async function withdraw() {
    if (busy) return;
    setBusy(true);
    setNotice(undefined);
    setGeneral(undefined);
    try {
      const d = await post<{ consent: Consent | null }>(`${url}/withdraw`, {}, { headers: purposeHeaders() });
      setConsent(d.consent);
      setNotice(t('withdrawn'));
    } catch (error) {
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
    } finally {
      setBusy(false);
    }
  }

  const status = (k: Consent | null) => {
    if (!k) return t('none');
    if (k.state === 'pending') return t('pending', { email: k.email ?? '', date: f.dateTime(k.confirmBy) });
    if (k.state === 'active')
      return t('active', {
        email: k.email ?? '',
        given: f.shortDate(k.givenAt),
        confirmed: f.shortDate(k.confirmedAt!),
      });
    if (k.state === 'expired') return t('expired', { date: f.dateTime(k.confirmBy) });
    return t('ended', {
      date: f.shortDate(k.endedAt!),
      reason: t(`reason_${k.endReason ?? 'withdrawn_at_desk'}`),
    });
  };

  return (
    <section aria-labelledby="person-consent">
      <h2 className="kern-heading-medium" id="person-consent">
        {t('title')}
      </h2>
      <ErrorSummary errors={errors} general={general} />
      <div role="status">{notice && <Alert tone="success" title={notice} />}</div>
      {consent !== undefined && (
        <p className="kern-body" data-testid="consent-state">
          {status(consent)}
        </p>
      )}
      {blocked && <p className="kern-body">{t('blockedNote')}</p>}
      {consent && consent.state !== 'ended' && (
        <Button type="button" variant="secondary" onClick={withdraw} aria-disabled={busy || undefined}>
          {t('withdraw')}
        </Button>
      )}{' '}
      {resident && consent !== undefined && !open && (
        <Button type="button" variant="tertiary" onClick={() => setOpen(true)}>
          {consent && consent.state !== 'ended' ? t('openAgain') : t('open')}
        </Button>
      )}
      {open && (
        <form onSubmit={submit} noValidate>
          <TextField
            id={IDS.email}
            label={t('email')}
            hint={t('emailHint')}
            type="email"
            autoComplete="off"
            spellCheck={false}
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errorFor(errors, IDS.email)}
          />
          <ChoiceGroup
            id={IDS.locale}
            legend={t('language')}
            type="radio"
            name="consent-locale"
            options={[
              { value: 'de', label: t('german') },
              { value: 'en', label: t('english') },
            ]}
            value={[locale]}
            onChange={(v) => setLocale(v[0] === 'en' ? 'en' : 'de')}
            error={errorFor(errors, IDS.locale)}
          />
          <ChoiceGroup
            id={IDS.given}
            legend={t('consentLegend')}
            hint={t('consentHint')}
            type="checkbox"
            name="consent-given"
            options={[{ value: 'yes', label: t('consentLabel') }]}
            value={given}
            onChange={setGiven}
            error={errorFor(errors, IDS.given)}
          />
          <Button disabled={busy}>{t('submit')}</Button>{' '}
          <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
            {c('cancel')}
          </Button>
        </form>
      )}
    </section>
  );
}
