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
function usePortalAuthority(): Loaded {
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

/** The authority's address and contact, as the accessibility and privacy pages name it. */
/**
 * An address to write to: a mailto link on the portal; plain text on the public terminal, where
 * nothing may leave the kiosk (no mail program opened on a stranger's screen).
 */
function MailAddress({ email, kiosk }: { email: string; kiosk: boolean }) {
  if (kiosk) return <span>{email}</span>;
  return (
    <a className="kern-link" href={`mailto:${email}`}>
      {email}
    </a>
  );
}

function Contact({ loaded, kiosk }: { loaded: Loaded; kiosk: boolean }) {
  const t = useT(infoMessages);
  if (loaded.state !== 'ok') return null;
  const a = loaded.authority;
  return (
    <address className="kern-body bk-contact" data-testid="portal-contact">
      {a.name}
      <br />
      {a.street}, {a.postalCode} {a.city}
      {a.phone && (
        <>
          <br />
          {t('imprintPhone', { phone: a.phone })}
        </>
      )}
      {a.email && (
        <>
          <br />
          {t('imprintEmail')} <MailAddress email={a.email} kiosk={kiosk} />
        </>
      )}
    </address>
  );
}

function Imprint({ loaded, kiosk }: { loaded: Loaded; kiosk: boolean }) {
  const t = useT(infoMessages);
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
              {t('imprintEmail')} <MailAddress email={a.email} kiosk={kiosk} />
            </p>
          )}
          {a.website && /^https?:\/\//.test(a.website) && (
            <p className="kern-body">
              {t('imprintWebsite')}{' '}
              {kiosk ? (
                <span>{a.website}</span>
              ) : (
                <a className="kern-link" href={a.website}>
                  {a.website}
                </a>
              )}
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
  // Every information page names the portal's own authority (#12).
  const loaded = usePortalAuthority();
  // On the public terminal no link may leave the kiosk (#10): addresses are text there.
  const kiosk = base === '/terminal';
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
        <Contact loaded={loaded} kiosk={kiosk} />
        <h2 className="kern-heading-medium">{t('a11yEnforcementTitle')}</h2>
        <p className="kern-body">{t('a11yEnforcement')}</p>
      </article>
    );
  }
  if (which === 'imprint') return <Imprint loaded={loaded} kiosk={kiosk} />;
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
        {loaded.state === 'ok' && <p className="kern-body">{t('privacyContact')}</p>}
        <Contact loaded={loaded} kiosk={kiosk} />
      </article>
    );
  }
  const city = loaded.state === 'ok' ? loaded.authority.city : null;
  return (
    <article>
      <h1 className="kern-heading-large">{t('easyTitle')}</h1>
      <p className="kern-body kern-body--large">{t('easyP1')}</p>
      <p className="kern-body kern-body--large">{city ? t('easyP2', { city }) : t('easyP2Generic')}</p>
      <p className="kern-body kern-body--large">{city ? t('easyP3', { city }) : t('easyP3Generic')}</p>
      {(['easyP4', 'easyP5', 'easyP6'] as const).map((k) => (
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
