import { StaffShell } from '../staff/shell/StaffShell';
import { NotFoundPage } from '../ui/components';
import { RequireStaff } from '../ui/guard';
import { Routes } from '../ui/router';
import { SessionProvider } from '../ui/session';
import { DESK_ROUTES } from './routes';

export default function DeskApp() {
  return (
    <SessionProvider>
      <StaffShell wide>
        <RequireStaff roles={['clerk', 'hotline']}>
          <Routes routes={DESK_ROUTES} fallback={<NotFoundPage />} />
        </RequireStaff>
      </StaffShell>
    </SessionProvider>
  );
}
