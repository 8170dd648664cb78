import { lazy, Suspense } from 'react';
import { Loading } from '../ui/components';
import type { Route } from '../ui/router';
import { HomePage } from './home/HomePage';
import { PORTAL_BOOKING_ROUTES } from './officedays/routes';

const InfoPages = lazy(() => import('./info/InfoPages'));
const ServicesPage = lazy(() => import('./services/ServicesPage'));
const ServicePage = lazy(() => import('./services/ServicePage'));
const StatusPage = lazy(() => import('./status/StatusPage'));
const VerifyPage = lazy(() => import('./verify/VerifyPage'));
const ConsentPage = lazy(() => import('./consent/ConsentPage'));

const suspended = (node: React.ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

function page(
  Component: React.ComponentType<{ which: 'accessibility' | 'imprint' | 'privacy' | 'easy' }>,
  which: 'accessibility' | 'imprint' | 'privacy' | 'easy',
) {
  return () => (
    <Suspense fallback={<Loading />}>
      <Component which={which} />
    </Suspense>
  );
}

/** Pages of the citizens' portal. Features add their routes here (one line each). */
export const PORTAL_ROUTES: Route[] = [
  { path: '/', render: () => <HomePage /> },
  { path: '/barrierefreiheit', render: page(InfoPages, 'accessibility') },
  { path: '/impressum', render: page(InfoPages, 'imprint') },
  { path: '/datenschutz', render: page(InfoPages, 'privacy') },
  { path: '/leichte-sprache', render: page(InfoPages, 'easy') },
  {
    path: '/leistungen',
    render: () => (
      <Suspense fallback={<Loading />}>
        <ServicesPage />
      </Suspense>
    ),
  },
  {
    path: '/leistungen/:slug',
    render: (p) => (
      <Suspense fallback={<Loading />}>
        <ServicePage key={p.slug} slug={p.slug!} />
      </Suspense>
    ),
  },
  { path: '/status', render: () => suspended(<StatusPage />) },
  { path: '/pruefen', render: () => suspended(<VerifyPage />) },
  { path: '/pruefen/:code', render: (p) => suspended(<VerifyPage key={p.code} code={p.code} />) },
  { path: '/einwilligung/:token', render: (p) => suspended(<ConsentPage key={p.token} token={p.token!} />) },
  ...PORTAL_BOOKING_ROUTES,
];
