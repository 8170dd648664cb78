import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Loading, NotFoundPage } from '../ui/components';
import { Button, usePageTitle } from '../ui/forms';
import { LocaleProvider, useT } from '../ui/i18n';
import { PageLayout } from '../ui/layout';
import { Routes } from '../ui/router';
import { kitMessages } from './messages';
import { EnrolPage } from './pages/EnrolPage';
import { HomePage } from './pages/HomePage';
import { PinSetupPage } from './pages/PinSetupPage';
import { StatusBar } from './pages/StatusBar';
import { SyncPage } from './pages/SyncPage';
import { UnlockPage } from './pages/UnlockPage';
import { KitProvider, useKit } from './state/kit-context';

const loaders = {
  prepare: () => import('./pages/PreparePage'),
  queue: () => import('./pages/QueuePage'),
  serve: () => import('./pages/ServePage'),
  close: () => import('./pages/ClosePage'),
};
const PreparePage = lazy(loaders.prepare);
const QueuePage = lazy(loaders.queue);
const ServePage = lazy(loaders.serve);
const ClosePage = lazy(loaders.close);
/** Load every page up front: a page first opened in a dead zone must not need the network. */
function preloadPages() {
  for (const load of Object.values(loaders)) void load().catch(() => {});
}

const lazyPage = (node: ReactNode) => () => <Suspense fallback={<Loading />}>{node}</Suspense>;

const ROUTES = [
  { path: '/koffer', render: () => <HomePage /> },
  { path: '/koffer/vorbereiten', render: lazyPage(<PreparePage />) },
  { path: '/koffer/warteschlange', render: lazyPage(<QueuePage />) },
  { path: '/koffer/bedienen', render: lazyPage(<ServePage />) },
  { path: '/koffer/bedienen/*', render: lazyPage(<ServePage />) },
  { path: '/koffer/uebertragung', render: () => <SyncPage /> },
  { path: '/koffer/abschluss', render: lazyPage(<ClosePage />) },
];

function OtherTab() {
  const t = useT(kitMessages);
  const { takeOver } = useKit();
  usePageTitle(t('otherTabTitle'));
  return (
    <>
      <h1 className="kern-heading-large">{t('otherTabTitle')}</h1>
      <p className="kern-body">{t('otherTabText')}</p>
      <Button type="button" onClick={takeOver}>
        {t('takeOver')}
      </Button>
    </>
  );
}

function LockButton() {
  const t = useT(kitMessages);
  const { phase, lock } = useKit();
  if (phase !== 'unlocked') return null;
  return (
    <button type="button" className="kern-btn kern-btn--secondary kern-btn--x-small" onClick={lock}>
      <span className="kern-icon kern-icon--visibility-off kern-icon--small" aria-hidden="true" />
      <span className="kern-label">{t('lockNow')}</span>
    </button>
  );
}

function KitShell() {
  const t = useT(kitMessages);
  const { phase } = useKit();
  useEffect(() => {
    if (phase === 'unlocked') preloadPages();
  }, [phase]);
  const nav =
    phase === 'unlocked'
      ? [
          { href: '/koffer', label: t('navHome') },
          { href: '/koffer/vorbereiten', label: t('navPrepare') },
          { href: '/koffer/warteschlange', label: t('navQueue') },
          { href: '/koffer/bedienen', label: t('navServe') },
          { href: '/koffer/uebertragung', label: t('navSync') },
          { href: '/koffer/abschluss', label: t('navClose') },
        ]
      : [];
  let content: ReactNode;
  switch (phase) {
    case 'loading':
      content = <Loading />;
      break;
    case 'other-tab':
      content = <OtherTab />;
      break;
    case 'unenrolled':
      content = <EnrolPage />;
      break;
    case 'setup-pin':
      content = <PinSetupPage />;
      break;
    case 'locked':
      content = <UnlockPage />;
      break;
    default:
      content = <Routes routes={ROUTES} fallback={<NotFoundPage />} />;
  }
  return (
    <PageLayout nav={nav} headerExtra={<LockButton />} wide>
      {phase !== 'loading' && phase !== 'other-tab' && phase !== 'unenrolled' && <StatusBar />}
      {content}
    </PageLayout>
  );
}

export function KitApp() {
  return (
    <LocaleProvider>
      <KitProvider>
        <KitShell />
      </KitProvider>
    </LocaleProvider>
  );
}
