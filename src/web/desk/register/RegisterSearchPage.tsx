import { type FormEvent, useEffect, useState } from 'react';
import { PERSON_STATUS_LABELS } from '../../../core/register/vocabulary';
import { get } from '../../ui/api';
import { Alert, StatusBadge } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link, useSearch } from '../../ui/router';
import type { DeskService } from '../cases/types';
import { splitName, useServing, withServing } from '../serving';
import { registerMessages } from './messages';
import { getPurpose, purposeHeaders, setPurpose } from './purpose';
import { formatAddress, type PersonSummary } from './types';
import '../../ui/capture.css';

const FIELDS = ['familyName', 'givenNames', 'birthDate', 'street', 'houseNumber'] as const;
type Query = Record<(typeof FIELDS)[number], string>;

export default function RegisterSearchPage() {
  const t = useT(registerMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const params = useSearch();
  const serving = useServing();
  const serviceId = params.get('service') ?? '';
  const [service, setService] = useState<DeskService>();
  // Coming from the queue (#10): the booked name and the ticket prefill the search.
  const [purpose, setPurposeState] = useState(() =>
    serving ? t('servingPurpose', { code: serving.code }) : getPurpose(),
  );
  const [query, setQuery] = useState<Query>(() => ({
    ...splitName(serving ? (params.get('name') ?? '') : ''),
    birthDate: '',
    street: '',
    houseNumber: '',
  }));
  useEffect(() => {
    if (!serviceId) return;
    void get<{ services: DeskService[] }>('/api/cases/services').then(
      (r) => setService(r.services.find((x) => x.id === serviceId)),
      () => {},
    );
  }, [serviceId]);
  const [includeFormer, setIncludeFormer] = useState<string[]>([]);
  const [result, setResult] = useState<{ persons: PersonSummary[]; more: boolean }>();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('title'), errors.length > 0 || !!general);

  async function search(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (!purpose.trim()) local.push({ fieldId: 'register-purpose', message: t('purposeMissing') });
    if (query.familyName.trim().length < 2 && query.street.trim().length < 2)
      local.push({ fieldId: 'register-familyName', message: t('searchMissing') });
    setErrors(local);
    setGeneral(undefined);
    if (local.length) return;
    setPurpose(purpose.trim());
    const q = new URLSearchParams();
    for (const k of FIELDS) if (query[k].trim()) q.set(k, query[k].trim());
    if (includeFormer.length) q.set('includeFormer', 'true');
    try {
      setResult(await get(`/api/register/persons?${q}`, { headers: purposeHeaders(purpose.trim()) }));
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        {
          ...Object.fromEntries(FIELDS.map((k) => [`/querystring/${k}`, `register-${k}`])),
          '/purpose': 'register-purpose',
        },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  const field = (k: (typeof FIELDS)[number], extra: { type?: string; hint?: string; width?: 4 } = {}) => (
    <TextField
      id={`register-${k}`}
      label={t(k)}
      optional
      hint={extra.hint}
      type={extra.type ?? 'text'}
      width={extra.width}
      value={query[k]}
      onChange={(e) => setQuery({ ...query, [k]: e.target.value })}
      error={errorFor(errors, `register-${k}`)}
    />
  );

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      {serving && (
        <Alert tone="info" title={t('servingBanner', { code: serving.code })}>
          {service && <p className="kern-body">{t('servingFor', { service: service.name[locale] })}</p>}
          <p className="kern-body">
            <Link
              className="kern-link"
              href={`/desk/vorgaenge/neu${withServing(serving, { service: serviceId || undefined })}`}
            >
              {t('withoutRegister')}
            </Link>
          </p>
        </Alert>
      )}
      <p className="kern-body">{t('lead')}</p>
      {!serving && (
        <p className="kern-body">
          <Link className="kern-link" href="/desk/vorgaenge/neu">
            {t('newResident')}
          </Link>
        </p>
      )}
      <form className="bk-form" onSubmit={search} noValidate>
        <TextField
          id="register-purpose"
          label={t('purpose')}
          hint={t('purposeHint')}
          value={purpose}
          onChange={(e) => setPurposeState(e.target.value)}
          error={errorFor(errors, 'register-purpose')}
        />
        <fieldset className="kern-fieldset">
          <legend className="kern-label kern-label--large">{t('byName')}</legend>
          <div className="kern-fieldset__body">
            {field('familyName', { hint: t('familyNameHint') })}
            {field('givenNames')}
            {field('birthDate', { type: 'date' })}
          </div>
        </fieldset>
        <fieldset className="kern-fieldset">
          <legend className="kern-label kern-label--large">{t('byAddress')}</legend>
          <div className="kern-fieldset__body">
            {field('street', { hint: t('streetHint') })}
            {field('houseNumber', { width: 4 })}
          </div>
        </fieldset>
        <ChoiceGroup
          id="register-former"
          legend={t('scope')}
          type="checkbox"
          name="includeFormer"
          optional
          options={[{ value: 'yes', label: t('includeFormer') }]}
          value={includeFormer}
          onChange={setIncludeFormer}
        />
        <div className="bk-actions">
          <Button>{t('search')}</Button>
        </div>
      </form>
      {result && (
        <section aria-labelledby="register-results">
          <h2 className="kern-heading-medium" id="register-results">
            {t('results')}
          </h2>
          {result.persons.length === 0 && <p className="kern-body">{t('none')}</p>}
          {result.more && (
            <p className="kern-body" role="status">
              {t('more')}
            </p>
          )}
          {result.persons.length > 0 && (
            <div className="kern-table-responsive">
              <table className="kern-table kern-table--striped">
                <thead className="kern-table__header">
                  <tr className="kern-table__row">
                    <th className="kern-table__header-cell" scope="col">
                      {t('colName')}
                    </th>
                    <th className="kern-table__header-cell" scope="col">
                      {t('colBirth')}
                    </th>
                    <th className="kern-table__header-cell" scope="col">
                      {t('colAddress')}
                    </th>
                    <th className="kern-table__header-cell" scope="col">
                      {t('colStatus')}
                    </th>
                    {serving && (
                      <th className="kern-table__header-cell" scope="col">
                        {t('colCase')}
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody className="kern-table__body">
                  {result.persons.map((p) => (
                    <tr className="kern-table__row" key={p.id}>
                      <td className="kern-table__cell">
                        <Link className="kern-link" href={`/desk/register/${p.id}${withServing(serving)}`}>
                          {`${p.doctoralDegree ? `${p.doctoralDegree} ` : ''}${p.familyName}, ${p.givenNames}`}
                        </Link>
                        {p.birthName && (
                          <span className="kern-body kern-body--small">{` (${t('birthName')}: ${p.birthName})`}</span>
                        )}
                      </td>
                      <td className="kern-table__cell">{f.shortDate(p.birthDate)}</td>
                      <td className="kern-table__cell">
                        {p.address ? formatAddress(p.address) : t('noAddress')}
                      </td>
                      <td className="kern-table__cell">
                        <span className="bk-badges">
                          {p.status !== 'resident' && (
                            <StatusBadge tone="warning">{PERSON_STATUS_LABELS[p.status][locale]}</StatusBadge>
                          )}
                          {p.disclosureBlocked && <StatusBadge tone="danger">{t('blocked')}</StatusBadge>}
                          {p.fictitious && <StatusBadge tone="info">{t('demo')}</StatusBadge>}
                        </span>
                      </td>
                      {serving && (
                        <td className="kern-table__cell">
                          <Link
                            className="kern-link"
                            href={`/desk/vorgaenge/neu${withServing(serving, {
                              service: serviceId || undefined,
                              person: p.id,
                            })}`}
                          >
                            {service
                              ? t('startCase', { service: service.name[locale] })
                              : t('newCaseFor', { name: `${p.givenNames} ${p.familyName}` })}
                            {service && (
                              <span className="bk-visually-hidden">{` – ${p.givenNames} ${p.familyName}`}</span>
                            )}
                          </Link>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
