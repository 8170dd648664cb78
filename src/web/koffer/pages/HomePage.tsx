import { useEffect, useState } from 'react';
import { Alert } from '../../ui/components';
import { usePageTitle } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { kitMessages } from '../messages';
import { useKit } from '../state/kit-context';
import type { PreparedDay } from './prepare-types';

/** The start page: which kit, readiness for the day, where to go. */
export function HomePage() {
  const t = useT(kitMessages);
  const f = useFormat();
  const { config, store, revision } = useKit();
  const [day, setDay] = useState<PreparedDay | null>(null);
  usePageTitle(t('homeTitle'));
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when data changed
  useEffect(() => {
    void store?.record<PreparedDay>('day', 'current').then((d) => setDay(d ?? null));
  }, [store, revision]);
  return (
    <>
      <h1 className="kern-heading-large">{t('homeTitle')}</h1>
      <p className="kern-body">
        {t('kitLine', {
          name: config?.name ?? '',
          prefix: config?.prefix ?? '',
          authority: config?.authorityName ?? '',
        })}
      </p>
      <h2 className="kern-heading-medium">{t('readiness')}</h2>
      {day ? (
        <Alert
          tone="success"
          title={t('ready', {
            appointments: day.appointments,
            residents: day.residents,
            catalog: f.shortDate(day.catalogDate),
          })}
        />
      ) : (
        <Alert tone="info" title={t('notPrepared')} />
      )}
      <ul className="kern-list">
        <li>
          <Link className="kern-link" href="/koffer/vorbereiten">
            {t('navPrepare')}
          </Link>
        </li>
        <li>
          <Link className="kern-link" href="/koffer/warteschlange">
            {t('navQueue')}
          </Link>
        </li>
        <li>
          <Link className="kern-link" href="/koffer/bedienen">
            {t('navServe')}
          </Link>
        </li>
        <li>
          <Link className="kern-link" href="/koffer/uebertragung">
            {t('navSync')}
          </Link>
        </li>
        <li>
          <Link className="kern-link" href="/koffer/abschluss">
            {t('navClose')}
          </Link>
        </li>
      </ul>
    </>
  );
}
