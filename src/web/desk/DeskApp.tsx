import { NotFoundPage } from '../ui/components';
import { RequireStaff, StaffHeaderTools } from '../ui/guard';
import { PageLayout } from '../ui/layout';
import { Routes } from '../ui/router';
import { SessionProvider } from '../ui/session';
import { DESK_ROUTES } from './routes';

export default function DeskApp() {
  return (
    <SessionProvider>
      <PageLayout headerExtra={<StaffHeaderTools />} wide>
        <RequireStaff roles={['clerk', 'hotline']}>
          <Routes routes={DESK_ROUTES} fallback={<NotFoundPage />} />
        </RequireStaff>
      </PageLayout>
    </SessionProvider>
  );
}
