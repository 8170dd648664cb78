import { useEffect, useState } from 'react';
import { sortByText } from '../../../core/collation';
import { get } from '../../ui/api';
import { Loading } from '../../ui/components';
import { usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { opsLandMessages } from './messages';

interface LandListItem {
  id: string;
  slug: string;
  leikaKey: string | null;
  name: string;
  version: number;
  adoptions: number;
}

/** /betrieb/landeskatalog: every Land service of the installation. */
export default function LandCataloguePage() {
  const t = useT(opsLandMessages);
  const [list, setList] = useState<LandListItem[]>();
  usePageTitle(t('title'));
  useEffect(() => {
    void get<{ services: LandListItem[] }>('/api/operator/land-services').then((r) =>
      setList(sortByText(r.services, (s) => s.name)),
    );
  }, []);
  if (!list) return <Loading />;
  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('intro')}</p>
      <div className="kern-table-responsive">
        <table className="kern-table kern-table--striped">
          <thead className="kern-table__header">
            <tr className="kern-table__row">
              <th className="kern-table__cell" scope="col">
                {t('colName')}
              </th>
              <th className="kern-table__cell" scope="col">
                {t('colLeika')}
              </th>
              <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                {t('colVersion')}
              </th>
              <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                {t('colAdoptions')}
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {list.map((s) => (
              <tr className="kern-table__row" key={s.id}>
                <td className="kern-table__cell">
                  <Link
                    className="kern-link"
                    href={`/betrieb/landeskatalog/${s.id}`}
                    aria-label={t('edit', { name: s.name })}
                  >
                    {s.name}
                  </Link>
                </td>
                <td className="kern-table__cell bk-mono">{s.leikaKey ?? '–'}</td>
                <td className="kern-table__cell kern-table__cell--numeric">{s.version}</td>
                <td className="kern-table__cell kern-table__cell--numeric">{s.adoptions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
