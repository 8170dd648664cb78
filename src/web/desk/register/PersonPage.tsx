import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { CASE_STATE_LABELS } from '../../../core/cases/state-machine';
import { countryName } from '../../../core/register/countries';
import {
  BLOCK_LABELS,
  type BlockKind,
  ID_DOCUMENT_LABELS,
  type IdDocumentKind,
  MARITAL_STATUS_LABELS,
  type MaritalStatus,
  PERSON_STATUS_LABELS,
  RELIGION_LABELS,
  RESIDENCE_KIND_LABELS,
  type Religion,
  SEX_LABELS,
} from '../../../core/register/vocabulary';
import { get } from '../../ui/api';
import { Alert, Loading, StatusBadge } from '../../ui/components';
import { Button, formErrorsFrom, SelectField, usePageTitle } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link, navigate } from '../../ui/router';
import type { CaseSummary, DeskService } from '../cases/types';
import { useServing, withServing } from '../serving';
import { DisclosureForm } from './DisclosureForm';
import { InvitationConsent } from './InvitationConsent';
import { LiftBlock } from './LiftBlock';
import { registerMessages } from './messages';
import { purposeHeaders } from './purpose';
import { formatAddress, type PersonRecord } from './types';
import '../../ui/capture.css';

export default function PersonPage({ id }: { id: string }) {
  const t = useT(registerMessages);
  const serving = useServing();
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const [person, setPerson] = useState<PersonRecord>();
  const [services, setServices] = useState<DeskService[]>([]);
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [service, setService] = useState('');
  const [failure, setFailure] = useState<string>();
  const [formErrors, setFormErrors] = useState(false);
  const [consentErrors, setConsentErrors] = useState(false);
  usePageTitle(
    person ? `${person.familyName}, ${person.givenNames}` : t('personTitle'),
    !!failure || formErrors || consentErrors,
  );

  const [liftedNotice, setLiftedNotice] = useState<string>();
  const loadPerson = useCallback(() => {
    get<PersonRecord>(`/api/register/persons/${id}`, { headers: purposeHeaders() })
      .then(setPerson)
      .catch((error) => setFailure(formErrorsFrom(error, {}, c('genericError')).general));
  }, [id, c]);

  useEffect(() => {
    loadPerson();
    get<{ services: DeskService[] }>('/api/cases/services')
      .then((d) => setServices(d.services))
      .catch(() => {});
    get<{ cases: CaseSummary[] }>(`/api/cases?personId=${id}&open=false`)
      .then((d) => setCases(d.cases))
      .catch(() => {});
  }, [id, loadPerson]);

  if (failure) {
    return (
      <>
        <h1 className="kern-heading-large">{t('personTitle')}</h1>
        <Alert tone="danger" title={failure} role="alert">
          <p className="kern-body">
            <Link className="kern-link" href="/desk/register">
              {t('title')}
            </Link>
          </p>
        </Alert>
      </>
    );
  }
  if (!person) return <Loading />;

  function start(e: FormEvent) {
    e.preventDefault();
    if (service) navigate(`/desk/vorgaenge/neu${withServing(serving, { service, person: id })}`);
  }

  const name = `${person.doctoralDegree ? `${person.doctoralDegree} ` : ''}${person.givenNames} ${person.familyName}`;
  const row = (label: string, value: string | null) =>
    value ? (
      <div className="bk-facts__row" key={label}>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </div>
    ) : null;

  return (
    <>
      <p className="bk-back-link">
        <Link className="kern-link" href="/desk/register">
          {t('title')}
        </Link>
      </p>
      <h1 className="kern-heading-large">{name}</h1>
      <div className="bk-badges">
        <StatusBadge tone={person.status === 'resident' ? 'success' : 'warning'}>
          {PERSON_STATUS_LABELS[person.status][locale]}
        </StatusBadge>
        {person.fictitious && <StatusBadge tone="info">{t('demo')}</StatusBadge>}
      </div>
      {person.disclosureBlocked && <Alert tone="danger" title={t('disclosureBlocked')} />}
      {person.restrictedOn && (
        <Alert tone="warning" title={t('restricted', { date: f.shortDate(person.restrictedOn) })} />
      )}

      <section aria-labelledby="person-data">
        <h2 className="kern-heading-medium" id="person-data">
          {t('personData')}
        </h2>
        <dl className="bk-facts">
          {row(t('familyName'), person.familyName)}
          {row(t('givenNames'), person.givenNames)}
          {row(t('callName'), person.callName)}
          {row(t('birthName'), person.birthName)}
          {row(t('doctoralDegree'), person.doctoralDegree)}
          {row(t('birthDate'), f.shortDate(person.birthDate))}
          {row(t('birthPlace'), person.birthPlace)}
          {row(t('sex'), SEX_LABELS[person.sex][locale])}
          {row(t('nationalities'), person.nationalities.map((n) => countryName(n, locale)).join(', '))}
          {row(t('religion'), person.religion ? RELIGION_LABELS[person.religion as Religion][locale] : null)}
          {row(
            t('maritalStatus'),
            MARITAL_STATUS_LABELS[person.maritalStatus as MaritalStatus]?.[locale] ?? null,
          )}
        </dl>
      </section>

      <section aria-labelledby="person-start">
        <h2 className="kern-heading-medium" id="person-start">
          {t('startService')}
        </h2>
        <form className="bk-form bk-form--inline" onSubmit={start} noValidate>
          <SelectField
            id="person-service"
            label={t('service')}
            options={[
              { value: '', label: '–' },
              ...services.map((s) => ({ value: s.id, label: s.name[locale] })),
            ]}
            value={service}
            onChange={(e) => setService(e.target.value)}
          />
          <div className="bk-actions">
            <Button>{t('start')}</Button>
          </div>
        </form>
      </section>

      <section aria-labelledby="person-residences">
        <h2 className="kern-heading-medium" id="person-residences">
          {t('residences')}
        </h2>
        <ul className="kern-list">
          {person.residences.map((r) => (
            <li key={r.id}>
              {`${formatAddress(r.address)} – ${RESIDENCE_KIND_LABELS[r.kind][locale]}, `}
              {r.current
                ? t('residenceSince', { date: f.shortDate(r.movedInOn) })
                : t('residenceFromTo', {
                    from: f.shortDate(r.movedInOn),
                    to: r.movedOutOn ? f.shortDate(r.movedOutOn) : '',
                  })}
              {r.current && ' '}
              {r.current && <StatusBadge tone="success">{t('residenceCurrent')}</StatusBadge>}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="person-household">
        <h2 className="kern-heading-medium" id="person-household">
          {t('household')}
        </h2>
        {person.household.length === 0 ? (
          <p className="kern-body">{t('householdEmpty')}</p>
        ) : (
          <ul className="kern-list">
            {person.household.map((h) => (
              <li key={h.id}>
                <Link className="kern-link" href={`/desk/register/${h.id}`}>
                  {`${h.familyName}, ${h.givenNames} (${f.shortDate(h.birthDate)})`}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="person-blocks">
        <h2 className="kern-heading-medium" id="person-blocks">
          {t('blocks')}
        </h2>
        {liftedNotice && <Alert tone="success" title={liftedNotice} role="status" />}
        {person.activeBlocks.length === 0 ? (
          <p className="kern-body">{t('blocksNone')}</p>
        ) : (
          <ul className="kern-list">
            {person.activeBlocks.map((k) => {
              const stored = person.blocks.find((b) => b.kind === k && b.active);
              const label = BLOCK_LABELS[k as BlockKind][locale];
              return (
                <li key={k}>
                  {label}
                  {stored?.validUntil
                    ? ` – ${t('blockUntil', { date: f.shortDate(stored.validUntil) })}`
                    : ''}
                  {stored && (
                    <LiftBlock
                      personId={person.id}
                      blockId={stored.id}
                      label={label}
                      onLifted={() => {
                        setLiftedNotice(t('lifted', { block: label }));
                        loadPerson();
                      }}
                    />
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="person-documents">
        <h2 className="kern-heading-medium" id="person-documents">
          {t('documents')}
        </h2>
        {person.idDocuments.length === 0 ? (
          <p className="kern-body">{t('documentsNone')}</p>
        ) : (
          <ul className="kern-list">
            {person.idDocuments.map((d) => (
              <li key={d.id}>
                {`${ID_DOCUMENT_LABELS[d.kind as IdDocumentKind][locale]}${d.serialNumber ? ` ${d.serialNumber}` : ''} – `}
                {d.status === 'applied'
                  ? t('documentApplied')
                  : d.validUntil
                    ? t('documentValid', { date: f.shortDate(d.validUntil) })
                    : d.status}
              </li>
            ))}
          </ul>
        )}
      </section>

      <InvitationConsent
        personId={person.id}
        blocked={person.activeBlocks.length > 0}
        resident={person.status === 'resident'}
        onErrors={setConsentErrors}
      />

      <section aria-labelledby="person-cases">
        <h2 className="kern-heading-medium" id="person-cases">
          {t('cases')}
        </h2>
        {cases.length === 0 ? (
          <p className="kern-body">{t('casesNone')}</p>
        ) : (
          <ul className="kern-list">
            {cases.map((k) => (
              <li key={k.id}>
                <Link className="kern-link" href={`/desk/vorgaenge/${k.id}`}>
                  {`${k.number} – ${k.serviceName[locale]}`}
                </Link>{' '}
                <StatusBadge tone="info">{CASE_STATE_LABELS[k.status][locale]}</StatusBadge>
              </li>
            ))}
          </ul>
        )}
      </section>

      <DisclosureForm personId={person.id} blocked={person.disclosureBlocked} onErrors={setFormErrors} />

      <section aria-labelledby="person-history">
        <h2 className="kern-heading-medium" id="person-history">
          {t('history')}
        </h2>
        {person.history.length === 0 ? (
          <p className="kern-body">{t('historyNone')}</p>
        ) : (
          <ul className="kern-list">
            {person.history.map((h) => (
              <li key={h.id}>
                {`${f.shortDate(h.occurredOn)}: ${registerMessages[locale][`event_${h.kind}` as keyof (typeof registerMessages)['de']] ?? h.kind}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
