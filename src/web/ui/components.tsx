import type { ReactNode } from 'react';
import { useT } from './i18n';
import { common } from './messages';
import { Link } from './router';

type Tone = 'info' | 'success' | 'warning' | 'danger';
const ICON: Record<Tone, string> = { info: 'info', success: 'success', warning: 'warning', danger: 'danger' };

/** A status shown with text and icon, never colour alone. */
export function StatusBadge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className={`kern-badge kern-badge--${tone}`}>
      <span className={`kern-icon kern-icon--${ICON[tone]} kern-icon--small`} aria-hidden="true" />
      <span className="kern-label kern-label--small">{children}</span>
    </span>
  );
}

export function Alert({
  tone,
  title,
  children,
  role,
}: {
  tone: Tone;
  title: ReactNode;
  children?: ReactNode;
  role?: 'status' | 'alert';
}) {
  return (
    <div className={`kern-alert kern-alert--${tone}`} role={role}>
      <div className="kern-alert__header">
        <span className={`kern-icon kern-icon--${ICON[tone]}`} aria-hidden="true" />
        <span className="kern-title">{title}</span>
      </div>
      {children && <div className="kern-alert__body">{children}</div>}
    </div>
  );
}

export function Loading() {
  const t = useT(common);
  return (
    <p className="kern-body" role="status" aria-live="polite">
      {t('loading')}
    </p>
  );
}

export function NotFoundPage({ home = '/' }: { home?: string }) {
  const t = useT(common);
  return (
    <>
      <h1 className="kern-heading-large">{t('notFoundTitle')}</h1>
      <p className="kern-body">{t('notFoundText')}</p>
      <p className="kern-body">
        <Link className="kern-link" href={home}>
          {t('toHome')}
        </Link>
      </p>
    </>
  );
}

export function BackLink({ href, onClick }: { href: string; onClick?: () => void }) {
  const t = useT(common);
  return (
    <p className="bk-back-link">
      <Link
        className="kern-link"
        href={href}
        onClick={
          onClick
            ? (e) => {
                e.preventDefault();
                onClick();
              }
            : undefined
        }
      >
        <span className="kern-icon kern-icon--arrow-back kern-icon--small" aria-hidden="true" />
        {t('back')}
      </Link>
    </p>
  );
}
