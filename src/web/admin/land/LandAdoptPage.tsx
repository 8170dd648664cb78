import { useCallback, useEffect, useState } from 'react';
import { sortByText } from '../../../core/collation';
import { get, post } from '../../ui/api';
import { Alert, Loading, StatusBadge } from '../../ui/components';
import { Button, ErrorSummary, formErrorsFrom, usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import type { LandForAuthority, ReviewSummary } from './api';
import { landMessages } from './messages';

/** /admin/landeskatalog: the Land's services, which this authority follows, and adopting one. */
export default function LandAdoptPage() {
  const t = useT(landMessages);
  const [list, setList] = useState<LandForAuthority[]>();
  const [reviews, setReviews] = useState<ReviewSummary[]>([]);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  usePageTitle(t('title'), !!error);

  const load = useCallback(async () => {
    const [land, queue] = await Promise.all([
      get<{ services: LandForAuthority[] }>('/api/catalog/land'),
      get<{ reviews: ReviewSummary[] }>('/api/catalog/land/reviews'),
    ]);
    setList(sortByText(land.services, (s) => s.name));
    setReviews(queue.reviews);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function adopt(s: LandForAuthority) {
    if (busy) return;
    setBusy(s.id);
    setError(undefined);
    setDone(undefined);
    try {
      const r = await post<{ slug: string }>('/api/catalog/land/adoptions', { landServiceId: s.id });
      setDone(t('adopted', { name: s.name, slug: r.slug }));
      await load();
    } catch (e) {
      setError(formErrorsFrom(e, {}, t('failed')).general ?? t('failed'));
    } finally {
      setBusy(undefined);
    }
  }

  if (!list) return <Loading />;
  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <ErrorSummary errors={[]} general={error} />
      {done && <Alert tone="success" title={done} role="status" />}
      <p className="kern-body">{t('intro')}</p>
      <p className="kern-body">
        {reviews.length > 0 ? (
          <Link className="kern-link" href="/admin/landeskatalog/aenderungen">
            {t('queueLink', { count: reviews.length })}
          </Link>
        ) : (
          t('queueNone')
        )}
      </p>
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
                {t('colLand')}
              </th>
              <th className="kern-table__cell" scope="col">
                {t('colLocal')}
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {list.map((s) => (
              <tr className="kern-table__row" key={s.id}>
                <td className="kern-table__cell">
                  {s.adoption ? (
                    <Link
                      className="kern-link"
                      href={`/admin/katalog/${s.adoption.serviceId}`}
                      aria-label={t('editLocal', { name: s.name })}
                    >
                      {s.name}
                    </Link>
                  ) : (
                    s.name
                  )}
                </td>
                <td className="kern-table__cell bk-mono">{s.leikaKey ?? '–'}</td>
                <td className="kern-table__cell kern-table__cell--numeric">{s.version}</td>
                <td className="kern-table__cell">
                  {s.adoption ? (
                    <>
                      <StatusBadge tone="success">
                        {t('adoptedAt', { version: s.adoption.adoptedVersion })}
                      </StatusBadge>{' '}
                      {s.adoption.openReviewId && (
                        <Link
                          className="kern-link"
                          href={`/admin/landeskatalog/aenderungen/${s.adoption.openReviewId}`}
                        >
                          {t('reviewOpen')}
                        </Link>
                      )}
                    </>
                  ) : (
                    <Button
                      variant="secondary"
                      type="button"
                      aria-label={t('adoptLabel', { name: s.name })}
                      onClick={() => void adopt(s)}
                    >
                      {t('adopt')}
                    </Button>
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
