import { lazy, Suspense } from 'react';
import { KIOSK_BOOKING_ROUTES } from '../portal/officedays/routes';
import { Loading } from '../ui/components';
import type { Route } from '../ui/router';
import { KioskHome } from './KioskApp';
import { KioskService, KioskServices } from './services/KioskServices';

const StatusPage = lazy(() => import('../portal/status/StatusPage'));
const InfoPages = lazy(() => import('../portal/info/InfoPages'));
const VideoConsultation = lazy(() => import('./video/VideoConsultation'));
const TerminalSetup = lazy(() => import('./video/TerminalSetup'));

const info = (which: 'accessibility' | 'privacy' | 'imprint') => () => (
  <Suspense fallback={<Loading />}>
    <InfoPages which={which} base="/terminal" />
  </Suspense>
);

/**
 * Pages of the citizens' terminal (/terminal). The terminal reuses the portal's features with
 * large touch targets; features add their routes here (one line each).
 */
export const KIOSK_ROUTES: Route[] = [
  { path: '/terminal', render: () => <KioskHome /> },
  { path: '/terminal/leistungen', render: () => <KioskServices /> },
  { path: '/terminal/leistungen/:slug', render: (p) => <KioskService slug={p.slug!} /> },
  ...KIOSK_BOOKING_ROUTES,
  {
    path: '/terminal/videoberatung',
    render: () => (
      <Suspense fallback={<Loading />}>
        <VideoConsultation />
      </Suspense>
    ),
  },
  {
    path: '/terminal/einrichten',
    render: () => (
      <Suspense fallback={<Loading />}>
        <TerminalSetup />
      </Suspense>
    ),
  },
  { path: '/terminal/barrierefreiheit', render: info('accessibility') },
  { path: '/terminal/datenschutz', render: info('privacy') },
  { path: '/terminal/impressum', render: info('imprint') },
  {
    path: '/terminal/status',
    render: () => (
      <Suspense fallback={<Loading />}>
        <StatusPage />
      </Suspense>
    ),
  },
];
