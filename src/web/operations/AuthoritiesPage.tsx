import { useEffect, useState } from 'react';
import { sortByText } from '../../core/collation';
import { get } from '../ui/api';
import { Loading, StatusBadge } from '../ui/components';
import { usePageTitle } from '../ui/forms';
import { useT } from '../ui/i18n';
import { Link } from '../ui/router';
import { type AuthoritySummary, BODY_KINDS } from './api';
import { opsMessages } from './messages';

/** /betrieb/behoerden: every authority of the installation. */
export default function AuthoritiesPage() {
  const t = useT(opsMessages);
  const [list, setList] = useState<AuthoritySummary[]>();
  usePageTitle(t('authoritiesTitle'));
  useEffect(() => {
    void get<{ authorities: AuthoritySummary[] }>('/api/operator/authorities').then((r) =>
      setList(sortByText(r.authorities, (a) => a.name)),
    );
  }, []);
  if (!list) return <Loading />;
  const kind = (k: string | null) =>
    k && (BODY_KINDS as readonly string[]).includes(k)
      ? t(`kind_${k as (typeof BODY_KINDS)[number]}`)
      : t('kind_none');
  return (
    <>
      <h1 className="kern-heading-large">{t('authoritiesTitle')}</h1>
      <p className="kern-body">
        <Link className="kern-link" href="/betrieb/behoerden/neu">
          {t('onboardTitle')}
        </Link>
      </p>
      <div className="kern-table-responsive">
        <table className="kern-table kern-table--striped">
          <thead className="kern-table__header">
            <tr className="kern-table__row">
              <th className="kern-table__cell" scope="col">
                {t('colName')}
              </th>
              <th className="kern-table__cell" scope="col">
                {t('colSlug')}
              </th>
              <th className="kern-table__cell" scope="col">
                {t('colKind')}
              </th>
              <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                {t('colMunicipalities')}
              </th>
              <th className="kern-table__cell" scope="col">
                {t('colStatus')}
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {list.map((a) => (
              <tr className="kern-table__row" key={a.id}>
                <td className="kern-table__cell">
                  <Link
                    className="kern-link"
                    href={`/betrieb/behoerden/${a.id}`}
                    aria-label={t('details', { name: a.name })}
                  >
                    {a.name}
                  </Link>
                </td>
                <td className="kern-table__cell bk-mono">/{a.slug}</td>
                <td className="kern-table__cell">{kind(a.bodyKind)}</td>
                <td className="kern-table__cell kern-table__cell--numeric">{a.municipalities}</td>
                <td className="kern-table__cell">
                  {a.status === 'active' ? (
                    <StatusBadge tone="success">{t('statusActive')}</StatusBadge>
                  ) : (
                    <StatusBadge tone="danger">{t('statusSuspended')}</StatusBadge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
