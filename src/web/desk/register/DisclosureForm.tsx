import { type FormEvent, useState } from 'react';
import { postForFile } from '../../ui/api';
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
import { useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { disclosureMessages } from './disclosure-messages';

/**
 * "Auskunft erstellen" on a person's page (#15): how the identity was checked, the reason, and
 * optionally a contact to find appointments; the server produces the PDF or JSON and the browser
 * downloads it. Nothing is kept in the browser afterwards (the object URL is revoked).
 */
export function DisclosureForm({
  personId,
  blocked,
  onErrors,
}: {
  personId: string;
  blocked: boolean;
  /** Tells the page whether the form shows errors (its title then starts with "Fehler: "). */
  onErrors?: (hasErrors: boolean) => void;
}) {
  const t = useT(disclosureMessages);
  const c = useT(common);
  const [identity, setIdentity] = useState<string[]>([]);
  const [purpose, setPurpose] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [format, setFormat] = useState<string[]>(['pdf']);
  const [language, setLanguage] = useState<string[]>(['de']);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(undefined);
    setGeneral(undefined);
    const found: FormError[] = [];
    if (identity.length === 0) found.push({ fieldId: 'disclosure-identity', message: t('identityMissing') });
    if (purpose.trim().length < 3)
      found.push({ fieldId: 'disclosure-purpose', message: t('purposeMissing') });
    setErrors(found);
    onErrors?.(found.length > 0);
    if (found.length) return;
    setBusy(true);
    try {
      const pdf = format[0] !== 'json';
      const { blob, filename } = await postForFile(
        `/api/register/persons/${personId}/disclosure${pdf ? '/pdf' : ''}`,
        {
          identity: identity[0],
          purpose: purpose.trim(),
          locale: language[0],
          ...(email.trim() ? { email: email.trim() } : {}),
          ...(phone.trim() ? { phone: phone.trim() } : {}),
        },
      );
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDone(t('done', { file: filename }));
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        {
          '/identity': 'disclosure-identity',
          '/purpose': 'disclosure-purpose',
          '/email': 'disclosure-email',
          '/phone': 'disclosure-phone',
        },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
      onErrors?.(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="person-disclosure">
      <h2 className="kern-heading-medium" id="person-disclosure">
        {t('heading')}
      </h2>
      <p className="kern-body">{t('lead')}</p>
      {done && <Alert tone="success" title={done} role="status" />}
      <form className="bk-form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} general={general} />
        <ChoiceGroup
          id="disclosure-identity"
          legend={t('identity')}
          hint={blocked ? t('blockedHint') : undefined}
          type="radio"
          name="disclosure-identity"
          options={[
            { value: 'desk_id_document', label: t('identityDesk') },
            { value: 'written_request', label: t('identityWritten') },
          ]}
          value={identity}
          onChange={setIdentity}
          error={errorFor(errors, 'disclosure-identity')}
        />
        <TextField
          id="disclosure-purpose"
          label={t('purpose')}
          hint={t('purposeHint')}
          value={purpose}
          maxLength={500}
          onChange={(e) => setPurpose(e.target.value)}
          error={errorFor(errors, 'disclosure-purpose')}
        />
        <TextField
          id="disclosure-email"
          label={t('email')}
          hint={t('contactHint')}
          type="email"
          optional
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errorFor(errors, 'disclosure-email')}
        />
        <TextField
          id="disclosure-phone"
          label={t('phone')}
          type="tel"
          optional
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={errorFor(errors, 'disclosure-phone')}
        />
        <ChoiceGroup
          id="disclosure-format"
          legend={t('format')}
          type="radio"
          name="disclosure-format"
          options={[
            { value: 'pdf', label: t('formatPdf') },
            { value: 'json', label: t('formatJson') },
          ]}
          value={format}
          onChange={setFormat}
        />
        <ChoiceGroup
          id="disclosure-language"
          legend={t('language')}
          type="radio"
          name="disclosure-language"
          options={[
            { value: 'de', label: t('german') },
            { value: 'en', label: t('english') },
          ]}
          value={language}
          onChange={setLanguage}
        />
        <div className="bk-actions">
          <Button disabled={busy}>{t('submit')}</Button>
        </div>
      </form>
    </section>
  );
}
