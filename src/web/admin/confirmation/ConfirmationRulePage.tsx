import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, get, put } from '../../ui/api';
import { Alert, Loading } from '../../ui/components';
import { Button, ChoiceGroup, ErrorSummary, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { hasAnyRole, useSession } from '../../ui/session';
import { confirmationRuleMessages } from './messages';

interface Rule {
  enabled: boolean;
  requestHours: number;
  deadlineHours: number;
  noShowLimit: number;
  noShowMonths: number;
}

/** /admin/terminbestaetigung (#14): the "Kommen Sie?" rule; admins change it, coordinators see it. */
export default function ConfirmationRulePage() {
  const t = useT(confirmationRuleMessages);
  const { session } = useSession();
  const isAdmin = hasAnyRole(session, ['admin']);
  const [rule, setRule] = useState<Rule | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [request, setRequest] = useState('');
  const [deadline, setDeadline] = useState('');
  const [limit, setLimit] = useState('');
  const [months, setMonths] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [saved, setSaved] = useState(false);
  usePageTitle(t('title'), errors.length > 0 || !!general);

  useEffect(() => {
    get<Rule>('/api/booking/confirmation-rules')
      .then((r) => {
        setRule(r);
        setEnabled(r.enabled);
        setRequest(String(r.requestHours));
        setDeadline(String(r.deadlineHours));
        setLimit(String(r.noShowLimit));
        setMonths(String(r.noShowMonths));
      })
      .catch((error) => setGeneral(error instanceof ApiError ? error.detail : t('genericError')));
  }, [t]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    setGeneral(undefined);
    const found: FormError[] = [];
    const r = Number(request.trim());
    const d = Number(deadline.trim());
    if (!/^\d+$/.test(request.trim()) || r < 2 || r > 336)
      found.push({ fieldId: 'confirmation-request', message: t('hoursInvalid') });
    if (!/^\d+$/.test(deadline.trim()) || d < 1 || d > 335)
      found.push({ fieldId: 'confirmation-deadline', message: t('hoursInvalid') });
    setErrors(found);
    if (found.length) return;
    try {
      setRule(
        await put<Rule>('/api/booking/confirmation-rules', { enabled, requestHours: r, deadlineHours: d }),
      );
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONFIRMATION_DEADLINE_AFTER_REQUEST')
        setErrors([{ fieldId: 'confirmation-deadline', message: error.detail }]);
      else setGeneral(error instanceof ApiError ? error.detail : t('genericError'));
    }
  }

  const fieldError = (id: string) => errors.find((x) => x.fieldId === id)?.message;
  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      <ErrorSummary errors={errors} general={general} />
      {!rule && !general && <Loading />}
      {rule && (
        <>
          <p className="kern-body" data-testid="no-show-state">
            {rule.noShowLimit > 0
              ? t('noShowOn', { limit: rule.noShowLimit, months: rule.noShowMonths })
              : t('noShowOff')}
          </p>
          <p className="kern-body" data-testid="confirmation-state">
            {rule.enabled
              ? t('stateOn', { request: rule.requestHours, deadline: rule.deadlineHours })
              : t('stateOff')}
          </p>
          {isAdmin ? (
            <form onSubmit={save} noValidate>
              <ChoiceGroup
                id="confirmation-enabled"
                name="enabled"
                type="checkbox"
                legend={t('enabledLegend')}
                options={[{ value: 'on', label: t('enabledLabel') }]}
                value={enabled ? ['on'] : []}
                onChange={(v) => setEnabled(v.includes('on'))}
              />
              <TextField
                id="confirmation-request"
                label={t('requestLabel')}
                hint={t('requestHint')}
                inputMode="numeric"
                width={4}
                value={request}
                onChange={(e) => setRequest(e.target.value)}
                error={fieldError('confirmation-request')}
              />
              <TextField
                id="confirmation-deadline"
                label={t('deadlineLabel')}
                hint={t('deadlineHint')}
                inputMode="numeric"
                width={4}
                value={deadline}
                onChange={(e) => setDeadline(e.target.value)}
                error={fieldError('confirmation-deadline')}
              />
              <TextField
                id="no-show-limit"
                label={t('limitLabel')}
                hint={t('limitHint')}
                inputMode="numeric"
                width={4}
                value={limit}
                onChange={(e) => setLimit(e.target.value)}
                error={fieldError('no-show-limit')}
              />
              <TextField
                id="no-show-months"
                label={t('monthsLabel')}
                hint={t('monthsHint')}
                inputMode="numeric"
                width={4}
                value={months}
                onChange={(e) => setMonths(e.target.value)}
                error={fieldError('no-show-months')}
              />
              <Button>{t('save')}</Button>
              {saved && (
                <div role="status">
                  <Alert tone="success" title={t('saved')} />
                </div>
              )}
            </form>
          ) : (
            <p className="kern-body">{t('stateNote')}</p>
          )}
        </>
      )}
    </>
  );
}
