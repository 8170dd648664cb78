import { NotFoundPage } from '../ui/components';
import { RequireStaff, StaffHeaderTools } from '../ui/guard';
import { PageLayout } from '../ui/layout';
import { Routes } from '../ui/router';
import { SessionProvider } from '../ui/session';
import { ADMIN_ROUTES } from './routes';

export default function AdminApp() {
  return (
    <SessionProvider>
      <PageLayout headerExtra={<StaffHeaderTools />} wide>
        <RequireStaff roles={['admin', 'coordinator', 'auditor', 'evaluator']}>
          <Routes routes={ADMIN_ROUTES} fallback={<NotFoundPage />} />
        </RequireStaff>
      </PageLayout>
    </SessionProvider>
  );
}
