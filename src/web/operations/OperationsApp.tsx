import { StaffShell } from '../staff/shell/StaffShell';
import { NotFoundPage } from '../ui/components';
import { RequireStaff } from '../ui/guard';
import { Routes } from '../ui/router';
import { SessionProvider } from '../ui/session';
import { OPERATIONS_ROUTES } from './routes';

/** /betrieb: the installation operator's area (#12, ADR 24). */
export default function OperationsApp() {
  return (
    <SessionProvider>
      <StaffShell wide>
        <RequireStaff roles={['operator']}>
          <Routes routes={OPERATIONS_ROUTES} fallback={<NotFoundPage />} />
        </RequireStaff>
      </StaffShell>
    </SessionProvider>
  );
}
