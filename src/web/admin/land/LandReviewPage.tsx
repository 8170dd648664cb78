import { useEffect, useState } from 'react';
import { get, post } from '../../ui/api';
import { Alert, BackLink, Loading, NotFoundPage, StatusBadge } from '../../ui/components';
import { Button, ErrorSummary, formErrorsFrom, usePageTitle } from '../../ui/forms';
import { useLocale, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import type { ReviewDetail } from './api';
import { fieldLines } from './field-text';
import { landMessages } from './messages';

function Lines({ lines, empty }: { lines: string[]; empty: string }) {
  if (lines.length === 0) return <>{empty}</>;
  if (lines.length === 1) return <>{lines[0]}</>;
  return (
    <ul className="kern-list">
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of one text may repeat
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}

/** /admin/landeskatalog/aenderungen/:id: one "Land text changed" item, field by field, and the decision. */
export default function LandReviewPage({ id }: { id: string }) {
  const t = useT(landMessages);
  const { locale } = useLocale();
  const [review, setReview] = useState<ReviewDetail | null>();
  const [result, setResult] = useState<{ status: 'accepted' | 'kept' }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  usePageTitle(review ? t('reviewTitle', { name: review.name }) : t('queueTitle'), !!error);

  useEffect(() => {
    get<ReviewDetail>(`/api/catalog/land/reviews/${id}`).then(setReview, () => setReview(null));
  }, [id]);

  async function decide(decision: 'accept' | 'keep') {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      setResult(await post<{ status: 'accepted' | 'kept' }>(`/api/catalog/land/reviews/${id}/${decision}`));
    } catch (e) {
      setError(formErrorsFrom(e, {}, t('failed')).general ?? t('failed'));
    } finally {
      setBusy(false);
    }
  }

  if (review === undefined) return <Loading />;
  if (review === null) return <NotFoundPage home="/admin/landeskatalog" />;
  const decided = result?.status ?? (review.status === 'open' ? undefined : review.status);
  return (
    <>
      <BackLink href="/admin/landeskatalog/aenderungen" />
      <h1 className="kern-heading-large">{t('reviewTitle', { name: review.name })}</h1>
      <ErrorSummary errors={[]} general={error} />
      {decided && (
        <Alert
          tone="success"
          role="status"
          title={decided === 'accepted' ? t('acceptedDone') : t('keptDone', { version: review.toVersion })}
        >
          <p className="kern-body">
            <Link className="kern-link" href="/admin/landeskatalog/aenderungen">
              {t('backToQueue')}
            </Link>
          </p>
        </Alert>
      )}
      <p className="kern-body">
        {t('versions', { from: review.fromVersion, to: review.toVersion })}. {t('reviewIntro')}
      </p>
      {review.changeNotes.map((n) => (
        <p className="kern-body" key={n.version}>
          {t('changeNote', { version: n.version, note: n.note })}
        </p>
      ))}
      {review.changes.map((c) => (
        <section key={c.field} className="bk-land-change" aria-labelledby={`change-${c.field}`}>
          <h2 className="kern-heading-small" id={`change-${c.field}`}>
            {t(`field_${c.field}`)}{' '}
            <StatusBadge tone={c.onAccept === 'take_land' ? 'info' : 'warning'}>
              {c.onAccept === 'take_land' ? t('onTakeLand') : t('onKeepLocal')}
            </StatusBadge>
          </h2>
          <dl className="kern-description-list">
            <div className="kern-description-list-item">
              <dt className="kern-description-list-item__key">{t('fieldOld')}</dt>
              <dd className="kern-description-list-item__value">
                <del>
                  <Lines lines={fieldLines(c.field, c.before, locale)} empty={t('empty')} />
                </del>
              </dd>
            </div>
            <div className="kern-description-list-item">
              <dt className="kern-description-list-item__key">{t('fieldNew')}</dt>
              <dd className="kern-description-list-item__value">
                <ins>
                  <Lines lines={fieldLines(c.field, c.after, locale)} empty={t('empty')} />
                </ins>
              </dd>
            </div>
            {c.overridden && (
              <div className="kern-description-list-item">
                <dt className="kern-description-list-item__key">{t('fieldLocal')}</dt>
                <dd className="kern-description-list-item__value">
                  <Lines lines={fieldLines(c.field, c.local, locale)} empty={t('empty')} />
                </dd>
              </div>
            )}
          </dl>
        </section>
      ))}
      {review.hasDraft && <Alert tone="info" title={t('hasDraft')} />}
      {!decided && (
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('decisionLegend')}</legend>
          <div className="bk-actions">
            <Button type="button" onClick={() => void decide('accept')}>
              {t('accept')}
            </Button>{' '}
            <Button type="button" variant="secondary" onClick={() => void decide('keep')}>
              {t('keep')}
            </Button>
          </div>
        </fieldset>
      )}
    </>
  );
}
