import { type FormEvent, useState } from 'react';
import type { CaseState } from '../../../core/cases/state-machine';
import { post } from '../../ui/api';
import { StatusBadge } from '../../ui/components';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { useSearch } from '../../ui/router';
import { statusMessages } from './messages';
import '../../ui/capture.css';

interface CitizenStatus {
  caseNumber: string;
  service: { de: string; en: string };
  state: CaseState;
  stateText: { de: string; en: string };
  stateLabel: { de: string; en: string };
  updatedAt: string;
  pickupAt: 'town_hall' | 'office_day' | null;
}

const TONE: Record<CaseState, 'info' | 'success' | 'warning' | 'danger'> = {
  captured: 'info',
  submitted: 'info',
  in_progress: 'info',
  ready_for_pickup: 'success',
  handed_over: 'success',
  completed: 'success',
  rejected: 'danger',
  cancelled: 'warning',
};

export default function StatusPage() {
  const t = useT(statusMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const search = useSearch();
  const [caseNumber, setCaseNumber] = useState(search.get('vorgang') ?? '');
  const [accessCode, setAccessCode] = useState('');
  const [status, setStatus] = useState<CitizenStatus>();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('title'), errors.length > 0 || !!general);

  async function show(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (!caseNumber.trim()) local.push({ fieldId: 'status-number', message: t('caseNumberMissing') });
    if (!accessCode.trim()) local.push({ fieldId: 'status-code', message: t('accessCodeMissing') });
    setErrors(local);
    setGeneral(undefined);
    setStatus(undefined);
    if (local.length) return;
    try {
      setStatus(await post<CitizenStatus>('/api/status', { caseNumber, accessCode }));
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        { '/caseNumber': 'status-number', '/accessCode': 'status-code' },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      <form className="bk-form" onSubmit={show} noValidate>
        <TextField
          id="status-number"
          label={t('caseNumber')}
          hint={t('caseNumberHint')}
          autoComplete="off"
          spellCheck={false}
          value={caseNumber}
          onChange={(e) => setCaseNumber(e.target.value)}
          error={errorFor(errors, 'status-number')}
        />
        <TextField
          id="status-code"
          label={t('accessCode')}
          hint={t('accessCodeHint')}
          autoComplete="off"
          spellCheck={false}
          value={accessCode}
          onChange={(e) => setAccessCode(e.target.value)}
          error={errorFor(errors, 'status-code')}
        />
        <div className="bk-actions">
          <Button>{t('show')}</Button>
        </div>
      </form>
      {status && (
        <section aria-labelledby="status-result" role="status">
          <h2 className="kern-heading-medium" id="status-result">
            {t('result', { number: status.caseNumber })}
          </h2>
          <dl className="bk-facts">
            <div className="bk-facts__row">
              <dt>{t('service')}</dt>
              <dd>{status.service[locale]}</dd>
            </div>
            <div className="bk-facts__row">
              <dt>{t('state')}</dt>
              <dd>
                <StatusBadge tone={TONE[status.state]}>{status.stateLabel[locale]}</StatusBadge>
              </dd>
            </div>
            <div className="bk-facts__row">
              <dt>{t('updated')}</dt>
              <dd>{f.dateTime(status.updatedAt)}</dd>
            </div>
          </dl>
          <p className="kern-body kern-body--large">{status.stateText[locale]}</p>
          {status.pickupAt && (
            <p className="kern-body">
              {status.pickupAt === 'office_day' ? t('pickupOfficeDay') : t('pickupTownHall')}
            </p>
          )}
        </section>
      )}
      <p className="kern-body">{t('help')}</p>
    </>
  );
}
