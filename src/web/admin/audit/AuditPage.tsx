import { type FormEvent, useEffect, useState } from 'react';
import { get } from '../../ui/api';
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
import { useFormat, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { ChainPanel } from './ChainPanel';
import { auditMessages } from './messages';

interface Entry {
  seq: number;
  occurredAt: string;
  actorUsername: string | null;
  actorRole: string | null;
  actorKitId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  subjectPersonId: string | null;
  reason: string | null;
  result: 'success' | 'failure' | 'denied';
  errorCode: string | null;
}

const FIELDS = ['personId', 'username', 'resourceType', 'resourceId', 'action', 'from', 'to'] as const;
type Filters = Record<(typeof FIELDS)[number], string>;

export default function AuditPage() {
  const t = useT(auditMessages);
  const c = useT(common);
  const f = useFormat();
  const [filters, setFilters] = useState<Filters>({
    personId: '',
    username: '',
    resourceType: '',
    resourceId: '',
    action: '',
    from: '',
    to: '',
  });
  const [entries, setEntries] = useState<Entry[]>();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('title'), errors.length > 0 || !!general);

  async function search(e?: FormEvent) {
    e?.preventDefault();
    setGeneral(undefined);
    const q = new URLSearchParams();
    for (const k of FIELDS) if (filters[k].trim()) q.set(k, filters[k].trim());
    try {
      const res = await get<{ entries: Entry[] }>(`/api/audit?${q}`);
      setEntries(res.entries);
      setErrors([]);
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        Object.fromEntries(FIELDS.map((k) => [`/querystring/${k}`, `audit-${k}`])),
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on open
  useEffect(() => {
    void search();
  }, []);

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      <ChainPanel onError={(error) => setGeneral(formErrorsFrom(error, {}, c('genericError')).general)} />
      <form className="bk-form" onSubmit={search} noValidate aria-labelledby="filters-title">
        <h2 className="kern-heading-medium" id="filters-title">
          {t('filters')}
        </h2>
        {FIELDS.map((k) => (
          <TextField
            key={k}
            id={`audit-${k}`}
            label={t(k)}
            hint={k === 'from' || k === 'to' ? t('dateHint') : undefined}
            optional
            value={filters[k]}
            onChange={(e) => setFilters({ ...filters, [k]: e.target.value })}
            error={errorFor(errors, `audit-${k}`)}
          />
        ))}
        <div className="bk-actions">
          <Button>{t('search')}</Button>
        </div>
      </form>
      <section aria-labelledby="results-title">
        <h2 className="kern-heading-medium" id="results-title">
          {t('results')}
        </h2>
        {entries && entries.length === 0 && <p className="kern-body">{t('none')}</p>}
        {entries && entries.length > 0 && (
          <div className="kern-table-responsive">
            <table className="kern-table kern-table--small kern-table--striped">
              <thead className="kern-table__header">
                <tr className="kern-table__row">
                  {(
                    [
                      'colTime',
                      'colWho',
                      'colAction',
                      'colResource',
                      'colPerson',
                      'colReason',
                      'colResult',
                    ] as const
                  ).map((k) => (
                    <th className="kern-table__cell" scope="col" key={k}>
                      {t(k)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {entries.map((e) => (
                  <tr className="kern-table__row" key={e.seq}>
                    <td className="kern-table__cell">{f.dateTime(e.occurredAt)}</td>
                    <td className="kern-table__cell">
                      {e.actorUsername ?? '–'}
                      {e.actorRole ? ` (${e.actorRole})` : ''}
                    </td>
                    <td className="kern-table__cell bk-mono">{e.action}</td>
                    <td className="kern-table__cell">
                      {e.resourceType}
                      {e.resourceId ? ` ${e.resourceId.slice(0, 8)}…` : ''}
                    </td>
                    <td className="kern-table__cell bk-mono">
                      {e.subjectPersonId ? `${e.subjectPersonId.slice(0, 8)}…` : '–'}
                    </td>
                    <td className="kern-table__cell">{e.reason ?? '–'}</td>
                    <td className="kern-table__cell">
                      <StatusBadge
                        tone={
                          e.result === 'success' ? 'success' : e.result === 'denied' ? 'warning' : 'danger'
                        }
                      >
                        {t(`result_${e.result}`)}
                      </StatusBadge>
                      {e.errorCode ? (
                        <span className="kern-body kern-body--small"> {e.errorCode}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
