import { StaffShell } from '../staff/shell/StaffShell';
import { NotFoundPage } from '../ui/components';
import { RequireStaff } from '../ui/guard';
import { Routes } from '../ui/router';
import { SessionProvider } from '../ui/session';
import { ADMIN_ROUTES } from './routes';

export default function AdminApp() {
  return (
    <SessionProvider>
      <StaffShell wide>
        <RequireStaff roles={['admin', 'coordinator', 'auditor', 'evaluator']}>
          <Routes routes={ADMIN_ROUTES} fallback={<NotFoundPage />} />
        </RequireStaff>
      </StaffShell>
    </SessionProvider>
  );
}
