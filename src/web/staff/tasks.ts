import type { Role } from '../../core/roles';
import type { staffMessages } from './messages';

type Key = keyof (typeof staffMessages)['de'];

/** What each role can do, as links on the staff home. */
export const TASKS: { roles: Role[]; href: string; title: Key; text: Key }[] = [
  { roles: ['clerk'], href: '/desk', title: 'taskDesk', text: 'taskDeskText' },
  { roles: ['clerk'], href: '/desk/register', title: 'taskRegister', text: 'taskRegisterText' },
  { roles: ['clerk'], href: '/desk/vorgaenge', title: 'taskCases', text: 'taskCasesText' },
  { roles: ['clerk'], href: '/desk/kasse', title: 'taskCash', text: 'taskCashText' },
  { roles: ['clerk'], href: '/desk/warteschlange', title: 'taskQueue', text: 'taskQueueText' },
  { roles: ['hotline', 'clerk'], href: '/desk/termin', title: 'taskBooking', text: 'taskBookingText' },
  {
    roles: ['hotline', 'clerk'],
    href: '/desk/hausbesuch',
    title: 'taskHomeVisit',
    text: 'taskHomeVisitText',
  },
  { roles: ['clerk'], href: '/koffer', title: 'taskKit', text: 'taskKitText' },
  { roles: ['hotline', 'clerk'], href: '/desk/115', title: 'taskHotline', text: 'taskHotlineText' },
  { roles: ['coordinator'], href: '/admin/sprechtage', title: 'taskOfficeDays', text: 'taskOfficeDaysText' },
  { roles: ['coordinator'], href: '/admin/katalog', title: 'taskCatalog', text: 'taskCatalogText' },
  { roles: ['coordinator'], href: '/admin/koffer', title: 'taskKits', text: 'taskKitsText' },
  { roles: ['admin'], href: '/admin/personal', title: 'taskStaff', text: 'taskStaffText' },
  {
    roles: ['admin', 'coordinator'],
    href: '/admin/postausgang',
    title: 'taskOutbox',
    text: 'taskOutboxText',
  },
  { roles: ['auditor'], href: '/admin/protokoll', title: 'taskAudit', text: 'taskAuditText' },
  {
    roles: ['evaluator', 'coordinator'],
    href: '/admin/auswertung',
    title: 'taskStats',
    text: 'taskStatsText',
  },
];
