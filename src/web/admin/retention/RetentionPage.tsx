import { useEffect, useState } from 'react';
import { get } from '../../ui/api';
import { Loading, StatusBadge } from '../../ui/components';
import { usePageTitle } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { retentionMessages } from './messages';

interface Text {
  de: string;
  en: string;
}
interface Rule {
  kind: string;
  record: Text;
  period: Text;
  action: 'delete' | 'anonymise' | 'restrict';
  basis: string;
  status: 'statute' | 'derived' | 'authority';
  runBy: 'retention' | 'module' | 'audit';
  setting?: string;
  due: number | null;
}
interface Overview {
  today: string;
  rules: Rule[];
  lastRun: { night: string; startedAt: string; finishedAt: string | null } | null;
}

/**
 * /admin/aufbewahrung (#15): the retention schedule as the code applies it, with a dry run of what
 * the nightly deletion would delete, anonymise or restrict today — counts only, no one's data.
 * Opening the page is audited (retention.preview) like the API call behind it.
 */
export default function RetentionPage() {
  const t = useT(retentionMessages);
  const f = useFormat();
  const { locale } = useLocale();
  const [data, setData] = useState<Overview | null>(null);
  usePageTitle(t('title'));
  useEffect(() => {
    void get<Overview>('/api/retention').then(setData);
  }, []);

  const due = (rule: Rule) => {
    if (rule.due === null) return <span className="kern-body">{t('dueUnknown')}</span>;
    if (rule.due === 0) return <span className="kern-body">{t('dueNone')}</span>;
    return (
      <StatusBadge tone="warning">
        {t('dueCount', { count: rule.due.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB') })}
      </StatusBadge>
    );
  };

  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      {!data && <Loading />}
      {data && (
        <>
          <p className="kern-body" data-testid="retention-today">
            {t('today', { date: f.shortDate(data.today) })}
          </p>
          <p className="kern-body" data-testid="retention-last-run">
            {data.lastRun
              ? data.lastRun.finishedAt
                ? t('lastRun', {
                    night: f.shortDate(data.lastRun.night),
                    started: f.dateTime(data.lastRun.startedAt),
                    finished: f.dateTime(data.lastRun.finishedAt),
                  })
                : t('lastRunUnfinished', {
                    night: f.shortDate(data.lastRun.night),
                    started: f.dateTime(data.lastRun.startedAt),
                  })
              : t('noRun')}
          </p>
          <div className="kern-table-responsive">
            <table className="kern-table kern-table--striped">
              <caption className="kern-title kern-title--small">{t('caption')}</caption>
              <thead className="kern-table__header">
                <tr className="kern-table__row">
                  <th className="kern-table__cell" scope="col">
                    {t('colRecord')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colPeriod')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colAction')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colBasis')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colRunBy')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colDue')}
                  </th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {data.rules.map((rule) => (
                  <tr className="kern-table__row" key={rule.kind} data-kind={rule.kind}>
                    <th className="kern-table__cell" scope="row">
                      {rule.record[locale]}
                    </th>
                    <td className="kern-table__cell">
                      {rule.period[locale]}
                      {rule.setting && (
                        <>
                          <br />
                          <span className="kern-body kern-body--small">
                            {t('setting', { setting: rule.setting })}
                          </span>
                        </>
                      )}
                    </td>
                    <td className="kern-table__cell">{t(`action_${rule.action}`)}</td>
                    <td className="kern-table__cell">
                      {rule.basis}
                      <br />
                      <span className="kern-body kern-body--small">{t(`status_${rule.status}`)}</span>
                    </td>
                    <td className="kern-table__cell">{t(`runBy_${rule.runBy}`)}</td>
                    <td className="kern-table__cell">{due(rule)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="kern-body">{t('docs')}</p>
        </>
      )}
    </>
  );
}
