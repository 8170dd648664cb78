import { usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { WaitingTimes } from '../../ui/queue/WaitingTimes';
import { Link, usePortal } from '../../ui/router';
import { homeMessages } from './messages';

export function HomePage() {
  const t = useT(homeMessages);
  usePageTitle(t('title'));
  // On another authority's portal (ADR 27) the demo authority's own words (Meerane's town hall
  // and phone) do not apply: the page names the portal's authority instead.
  const { name } = usePortal();
  const channels = [
    {
      title: t('portalTitle'),
      text: t('portalText'),
      links: [{ href: '/leistungen', label: t('portalLink') }],
    },
    {
      title: t('mobileTitle'),
      text: t('mobileText'),
      links: [
        { href: '/sprechtage', label: t('mobileLink') },
        { href: '/hausbesuch', label: t('homeVisitLink') },
      ],
    },
    {
      title: t('terminalTitle'),
      text: t('terminalText'),
      links: [{ href: '/terminal', label: t('terminalLink') }],
    },
    { title: t('phoneTitle'), text: name ? t('phoneTextPortal') : t('phoneText'), links: [] },
  ];
  return (
    <>
      <h1 className="kern-heading-x-large">{t('title')}</h1>
      <p className="kern-body kern-body--large">{name ? t('leadPortal', { name }) : t('lead')}</p>
      <WaitingTimes />
      <section aria-labelledby="channels-title">
        <h2 className="kern-heading-medium" id="channels-title">
          {t('channelsTitle')}
        </h2>
        <div className="bk-card-grid">
          {channels.map((c) => (
            <article className="kern-card" key={c.title}>
              <div className="kern-card__container">
                <header className="kern-card__header">
                  <h3 className="kern-title">{c.title}</h3>
                </header>
                <div className="kern-card__body">
                  <p className="kern-body">{c.text}</p>
                </div>
                {c.links.length > 0 && (
                  <footer className="kern-card__footer">
                    <ul className="kern-list">
                      {c.links.map((l) => (
                        <li key={l.href}>
                          <Link className="kern-link" href={l.href}>
                            {l.label}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </footer>
                )}
              </div>
            </article>
          ))}
        </div>
      </section>
      <section aria-labelledby="quick-title">
        <h2 className="kern-heading-medium" id="quick-title">
          {t('quickTitle')}
        </h2>
        <ul className="kern-list">
          <li>
            <Link className="kern-link" href="/leistungen/personalausweis-beantragen">
              {t('quickId')}
            </Link>
          </li>
          <li>
            <Link className="kern-link" href="/leistungen/anmeldung-einer-wohnung">
              {t('quickMove')}
            </Link>
          </li>
          <li>
            <Link className="kern-link" href="/termin">
              {t('quickBook')}
            </Link>
          </li>
          <li>
            <Link className="kern-link" href="/status">
              {t('quickStatus')}
            </Link>
          </li>
        </ul>
      </section>
    </>
  );
}
