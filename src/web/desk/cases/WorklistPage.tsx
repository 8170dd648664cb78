import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { CASE_STATE_LABELS, OPEN_STATES } from '../../../core/cases/state-machine';
import { get } from '../../ui/api';
import { StatusBadge } from '../../ui/components';
import { Button, SelectField, TextField, usePageTitle } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { stateTone } from './CasePage';
import { casesMessages } from './messages';
import type { CaseSummary } from './types';

type Key = keyof (typeof casesMessages)['de'];

export default function WorklistPage() {
  const t = useT(casesMessages);
  const f = useFormat();
  const { locale } = useLocale();
  const [cases, setCases] = useState<CaseSummary[]>();
  const [state, setState] = useState('');
  const [number, setNumber] = useState('');
  usePageTitle(t('worklistTitle'));

  const load = useCallback(async (s: string, n: string) => {
    const q = new URLSearchParams();
    if (s) q.set('status', s);
    if (n.trim()) {
      q.set('number', n.trim());
      q.set('open', 'false');
    }
    setCases((await get<{ cases: CaseSummary[] }>(`/api/cases?${q}`)).cases);
  }, []);

  useEffect(() => {
    void load('', '');
  }, [load]);

  function filter(e: FormEvent) {
    e.preventDefault();
    void load(state, number);
  }

  return (
    <>
      <h1 className="kern-heading-large">{t('worklistTitle')}</h1>
      <p className="kern-body">{t('worklistLead')}</p>
      <p className="kern-body">
        <Link className="kern-link" href="/desk/vorgaenge/neu">
          {t('newCase')}
        </Link>
      </p>
      <form className="bk-form bk-form--inline" onSubmit={filter} noValidate>
        <SelectField
          id="worklist-state"
          label={t('filterState')}
          options={[
            { value: '', label: t('filterAllOpen') },
            ...OPEN_STATES.map((s) => ({ value: s, label: CASE_STATE_LABELS[s][locale] })),
          ]}
          value={state}
          onChange={(e) => setState(e.target.value)}
        />
        <TextField
          id="worklist-number"
          label={t('filterNumber')}
          optional
          value={number}
          onChange={(e) => setNumber(e.target.value)}
        />
        <div className="bk-actions">
          <Button>{t('filter')}</Button>
        </div>
      </form>
      {cases && cases.length === 0 && <p className="kern-body">{t('none')}</p>}
      {cases && cases.length > 0 && (
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped">
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                {(
                  [
                    'colNumber',
                    'colService',
                    'colSubject',
                    'colState',
                    'colFee',
                    'colChannel',
                    'colUpdated',
                  ] as Key[]
                ).map((k) => (
                  <th className="kern-table__header-cell" scope="col" key={k}>
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {cases.map((k) => (
                <tr className="kern-table__row" key={k.id}>
                  <td className="kern-table__cell">
                    <Link className="kern-link" href={`/desk/vorgaenge/${k.id}`}>
                      {k.number}
                    </Link>
                    {k.localNumber && (
                      <span className="kern-body kern-body--small">{` (${k.localNumber})`}</span>
                    )}
                  </td>
                  <td className="kern-table__cell">{k.serviceName[locale]}</td>
                  <td className="kern-table__cell">{k.subjectName}</td>
                  <td className="kern-table__cell">
                    <StatusBadge tone={stateTone(k.status)}>
                      {CASE_STATE_LABELS[k.status][locale]}
                    </StatusBadge>
                  </td>
                  <td className="kern-table__cell">
                    {k.feeStatus ? t(`feeStatus_${k.feeStatus}` as Key) : '–'}
                  </td>
                  <td className="kern-table__cell">{t(`channel_${k.channel}` as Key)}</td>
                  <td className="kern-table__cell">{f.dateTime(k.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
