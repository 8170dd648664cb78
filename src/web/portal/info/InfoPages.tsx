import { useEffect, useState } from 'react';
import { ApiError, get } from '../../ui/api';
import { usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { PORTAL_INFO_URL, type PortalAuthority } from '../../ui/portal-info-api';
import { Link } from '../../ui/router';
import { usePreloaded } from '../../ui/server-render';
import { infoMessages } from './messages';

type Loaded =
  | { state: 'loading' }
  | { state: 'ok'; authority: PortalAuthority }
  | { state: 'none' | 'error' };

/**
 * The legal notice of the portal's authority (#12): its name, address, contact and imprint data
 * as the operator entered them at onboarding — each portal its own. A server-rendered page carries
 * them; at the installation's address with several portals there is none, and the page says where
 * to find it.
 */
function useImprint(): Loaded {
  const preloaded = usePreloaded<PortalAuthority>(PORTAL_INFO_URL);
  const first: Loaded = !preloaded
    ? { state: 'loading' }
    : preloaded.status === 200
      ? { state: 'ok', authority: preloaded.body }
      : { state: preloaded.status === 404 ? 'none' : 'error' };
  const [loaded, setLoaded] = useState<Loaded>(first);
  // biome-ignore lint/correctness/useExhaustiveDependencies: preloaded belongs to the first page only
  useEffect(() => {
    if (preloaded) return;
    let live = true;
    get<PortalAuthority>(PORTAL_INFO_URL)
      .then((authority) => live && setLoaded({ state: 'ok', authority }))
      .catch(
        (e) => live && setLoaded({ state: e instanceof ApiError && e.status === 404 ? 'none' : 'error' }),
      );
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}

function Imprint() {
  const t = useT(infoMessages);
  const loaded = useImprint();
  const a = loaded.state === 'ok' ? loaded.authority : null;
  return (
    <article data-testid="imprint">
      <h1 className="kern-heading-large">{t('imprintTitle')}</h1>
      {loaded.state === 'none' && <p className="kern-body">{t('imprintNoPortal')}</p>}
      {loaded.state === 'error' && <p className="kern-body">{t('imprintUnavailable')}</p>}
      {a && (
        <>
          <h2 className="kern-heading-medium">{t('imprintPublisher')}</h2>
          <p className="kern-body" data-testid="imprint-name">
            {a.name}
          </p>
          <p className="kern-body">
            {a.street}, {a.postalCode} {a.city}
          </p>
          {a.phone && <p className="kern-body">{t('imprintPhone', { phone: a.phone })}</p>}
          {a.email && (
            <p className="kern-body">
              {t('imprintEmail')}{' '}
              <a className="kern-link" href={`mailto:${a.email}`}>
                {a.email}
              </a>
            </p>
          )}
          {a.website && /^https?:\/\//.test(a.website) && (
            <p className="kern-body">
              {t('imprintWebsite')}{' '}
              <a className="kern-link" href={a.website}>
                {a.website}
              </a>
            </p>
          )}
          {a.imprint.representative && (
            <p className="kern-body">{t('imprintRepresentedBy', { name: a.imprint.representative })}</p>
          )}
          {a.imprint.vatId && <p className="kern-body">{t('imprintVatId', { id: a.imprint.vatId })}</p>}
          {a.imprint.supervisoryAuthority && (
            <>
              <h2 className="kern-heading-medium">{t('imprintSupervisory')}</h2>
              <p className="kern-body">{a.imprint.supervisoryAuthority}</p>
            </>
          )}
          {a.imprint.note && <p className="kern-body">{a.imprint.note}</p>}
        </>
      )}
      <h2 className="kern-heading-medium">{t('imprintSoftware')}</h2>
      <p className="kern-body">{t('imprintSoftwareText')}</p>
    </article>
  );
}

type Which = 'accessibility' | 'imprint' | 'privacy' | 'easy';

/** `base`: '/terminal' keeps the links of these pages inside the terminal. */
export default function InfoPages({ which, base = '' }: { which: Which; base?: string }) {
  const t = useT(infoMessages);
  const title = {
    accessibility: t('a11yTitle'),
    imprint: t('imprintTitle'),
    privacy: t('privacyTitle'),
    easy: t('easyTitle'),
  }[which];
  usePageTitle(title);
  if (which === 'accessibility') {
    return (
      <article className="bk-prose">
        <h1 className="kern-heading-large">{t('a11yTitle')}</h1>
        <p className="kern-body">{t('a11yIntro')}</p>
        <h2 className="kern-heading-medium">{t('a11yStatusTitle')}</h2>
        <p className="kern-body">{t('a11yStatus')}</p>
        <h2 className="kern-heading-medium">{t('a11yGapsTitle')}</h2>
        <p className="kern-body">{t('a11yGaps')}</p>
        <h2 className="kern-heading-medium">{t('a11yDateTitle')}</h2>
        <p className="kern-body">{t('a11yDate')}</p>
        <h2 className="kern-heading-medium">{t('a11yFeedbackTitle')}</h2>
        <p className="kern-body">{t('a11yFeedback')}</p>
        <h2 className="kern-heading-medium">{t('a11yEnforcementTitle')}</h2>
        <p className="kern-body">{t('a11yEnforcement')}</p>
      </article>
    );
  }
  if (which === 'imprint') return <Imprint />;
  if (which === 'privacy') {
    return (
      <article>
        <h1 className="kern-heading-large">{t('privacyTitle')}</h1>
        {(
          [
            'privacyIntro',
            'privacyBooking',
            'privacyKit',
            'privacyAudit',
            'privacyNoTracking',
            'privacyRights',
          ] as const
        ).map((k) => (
          <p className="kern-body" key={k}>
            {t(k)}
          </p>
        ))}
      </article>
    );
  }
  return (
    <article>
      <h1 className="kern-heading-large">{t('easyTitle')}</h1>
      {(['easyP1', 'easyP2', 'easyP3', 'easyP4', 'easyP5', 'easyP6'] as const).map((k) => (
        <p className="kern-body kern-body--large" key={k}>
          {t(k)}
        </p>
      ))}
      <ul className="kern-list kern-list--large">
        <li>
          <Link className="kern-link" href={`${base}/sprechtage`}>
            {t('easyLinkOfficeDays')}
          </Link>
        </li>
        <li>
          <Link className="kern-link" href={`${base}/termin`}>
            {t('easyLinkBook')}
          </Link>
        </li>
      </ul>
    </article>
  );
}
