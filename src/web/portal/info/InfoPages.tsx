import { usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { infoMessages } from './messages';

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
  if (which === 'imprint') {
    return (
      <article>
        <h1 className="kern-heading-large">{t('imprintTitle')}</h1>
        <h2 className="kern-heading-medium">{t('imprintPublisher')}</h2>
        <p className="kern-body">{t('imprintAddress')}</p>
        <p className="kern-body">{t('imprintContact')}</p>
        <p className="kern-body">{t('imprintRepresented')}</p>
        <h2 className="kern-heading-medium">{t('imprintSoftware')}</h2>
        <p className="kern-body">{t('imprintSoftwareText')}</p>
      </article>
    );
  }
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
