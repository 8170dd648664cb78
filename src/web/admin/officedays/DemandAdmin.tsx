import { useEffect, useState } from 'react';
import { get } from '../../ui/api';
import { Loading } from '../../ui/components';
import { usePageTitle } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { adminOfficeDayMessages } from './messages';
import { SubNav } from './SubNav';

interface Demand {
  villageId: string;
  villageName: string;
  municipalityName: string;
  requests: number;
  waitingForNews: number;
  lastAt: string;
  services: { id: string; name: { de: string; en: string }; count: number }[];
  upcomingOfficeDays: number;
}

/** /admin/sprechtage/nachfrage: "I would use an office day here", counted per village. */
export default function DemandAdmin() {
  const t = useT(adminOfficeDayMessages);
  const f = useFormat();
  const { locale } = useLocale();
  const [rows, setRows] = useState<Demand[] | null>(null);
  usePageTitle(t('demandTitle'));
  useEffect(() => {
    void get<{ villages: Demand[] }>('/api/booking/demand').then((r) => setRows(r.villages));
  }, []);
  return (
    <>
      <h1 className="kern-heading-large">{t('demandTitle')}</h1>
      <SubNav />
      <p className="kern-body">{t('demandLead')}</p>
      {!rows && <Loading />}
      {rows && rows.length === 0 && <p className="kern-body">{t('demandNone')}</p>}
      {rows && rows.length > 0 && (
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped">
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th className="kern-table__cell" scope="col">
                  {t('colVillage')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colRequests')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colWaiting')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colTop')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colUpcoming')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colDate')}
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {rows.map((r) => (
                <tr className="kern-table__row" key={r.villageId}>
                  <th className="kern-table__cell" scope="row">
                    {r.villageName} ({r.municipalityName})
                  </th>
                  <td className="kern-table__cell">{r.requests}</td>
                  <td className="kern-table__cell">{r.waitingForNews}</td>
                  <td className="kern-table__cell">
                    {r.services
                      .slice(0, 3)
                      .map((s) => t('serviceCount', { name: s.name[locale], count: s.count }))
                      .join(', ')}
                  </td>
                  <td className="kern-table__cell">{r.upcomingOfficeDays}</td>
                  <td className="kern-table__cell">{f.shortDate(r.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
