import { useEffect, useState } from 'react';
import { get } from '../../ui/api';
import { BackLink, Loading } from '../../ui/components';
import { usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import type { ReviewSummary } from './api';
import { landMessages } from './messages';

/** /admin/landeskatalog/aenderungen: the draft queue's "Land text changed" items. */
export default function LandReviewsPage() {
  const t = useT(landMessages);
  const [list, setList] = useState<ReviewSummary[]>();
  usePageTitle(t('queueTitle'));
  useEffect(() => {
    void get<{ reviews: ReviewSummary[] }>('/api/catalog/land/reviews').then((r) => setList(r.reviews));
  }, []);
  if (!list) return <Loading />;
  return (
    <>
      <BackLink href="/admin/landeskatalog" />
      <h1 className="kern-heading-large">{t('queueTitle')}</h1>
      <p className="kern-body">{list.length ? t('queueIntro') : t('queueNone')}</p>
      {list.length > 0 && (
        <ul className="kern-list">
          {list.map((r) => (
            <li key={r.id}>
              <Link
                className="kern-link"
                href={`/admin/landeskatalog/aenderungen/${r.id}`}
                aria-label={t('open', { name: r.name })}
              >
                {r.name}
              </Link>{' '}
              <span className="kern-body">{t('versions', { from: r.fromVersion, to: r.toVersion })}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
