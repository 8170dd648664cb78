import type { Role } from '../../../core/roles';

/**
 * The staff menu: ONE typed definition for the shell's navigation, the start page (/start) and
 * the desk and admin overviews. Each entry names the roles that may use it — the same roles the
 * page's route guard asks for (the server checks them again on every request). To add an entry
 * (e.g. "Videoberatung" for clerks) add a line to its group and its two strings (`menu_<id>`,
 * `text_<id>`) to shell/messages.ts; to add an area (e.g. an operator area "/betrieb") add a
 * group id and a group.
 */
export type MenuGroupId = 'desk' | 'admin' | 'operations';

export type MenuEntryId =
  | 'queue'
  | 'video'
  | 'terminals'
  | 'register'
  | 'cases'
  | 'cash'
  | 'booking'
  | 'homeVisitRequest'
  | 'hotline'
  | 'kit'
  | 'officeDays'
  | 'homeVisits'
  | 'tours'
  | 'catalog'
  | 'kits'
  | 'staff'
  | 'outbox'
  | 'audit'
  | 'retention'
  | 'invitations'
  | 'attendanceConfirmation'
  | 'stats'
  | 'authorities'
  | 'onboard'
  | 'directory'
  | 'import'
  | 'landCatalogue'
  | 'landAdopt';

export interface MenuEntry {
  id: MenuEntryId;
  href: string;
  roles: readonly Role[];
  /** A separate document (the field kit PWA): a full page load, not the SPA router. */
  external?: boolean;
}

export interface MenuGroup {
  id: MenuGroupId;
  /** The area's own overview page. */
  home: string;
  entries: MenuEntry[];
}

export const STAFF_MENU: readonly MenuGroup[] = [
  {
    id: 'desk',
    home: '/desk',
    entries: [
      { id: 'queue', href: '/desk/warteschlange', roles: ['clerk'] },
      { id: 'video', href: '/desk/videoberatung', roles: ['clerk'] },
      { id: 'register', href: '/desk/register', roles: ['clerk'] },
      { id: 'cases', href: '/desk/vorgaenge', roles: ['clerk'] },
      { id: 'cash', href: '/desk/kasse', roles: ['clerk'] },
      { id: 'booking', href: '/desk/termin', roles: ['hotline', 'clerk'] },
      { id: 'homeVisitRequest', href: '/desk/hausbesuch', roles: ['hotline', 'clerk'] },
      { id: 'hotline', href: '/desk/115', roles: ['hotline', 'clerk'] },
      { id: 'kit', href: '/koffer', roles: ['clerk'], external: true },
    ],
  },
  {
    id: 'admin',
    home: '/admin',
    entries: [
      { id: 'officeDays', href: '/admin/sprechtage', roles: ['coordinator'] },
      { id: 'homeVisits', href: '/admin/sprechtage/hausbesuche', roles: ['coordinator'] },
      { id: 'tours', href: '/admin/touren', roles: ['coordinator', 'admin'] },
      { id: 'catalog', href: '/admin/katalog', roles: ['coordinator'] },
      { id: 'kits', href: '/admin/koffer', roles: ['coordinator'] },
      { id: 'terminals', href: '/admin/terminals', roles: ['coordinator', 'admin'] },
      { id: 'staff', href: '/admin/personal', roles: ['admin'] },
      { id: 'outbox', href: '/admin/postausgang', roles: ['admin', 'coordinator'] },
      { id: 'audit', href: '/admin/protokoll', roles: ['auditor'] },
      { id: 'retention', href: '/admin/aufbewahrung', roles: ['admin'] },
      { id: 'landAdopt', href: '/admin/landeskatalog', roles: ['admin'] },
      { id: 'invitations', href: '/admin/einladungen', roles: ['admin', 'coordinator'] },
      { id: 'attendanceConfirmation', href: '/admin/terminbestaetigung', roles: ['admin', 'coordinator'] },
      { id: 'stats', href: '/admin/auswertung', roles: ['evaluator', 'coordinator', 'admin'] },
    ],
  },
  {
    // The installation's operator (#12, ADR 24): authorities, never their personal data.
    id: 'operations',
    home: '/betrieb',
    entries: [
      { id: 'authorities', href: '/betrieb/behoerden', roles: ['operator'] },
      { id: 'onboard', href: '/betrieb/behoerden/neu', roles: ['operator'] },
      { id: 'directory', href: '/betrieb/verzeichnis', roles: ['operator'] },
      { id: 'import', href: '/betrieb/import', roles: ['operator'] },
      { id: 'landCatalogue', href: '/betrieb/landeskatalog', roles: ['operator'] },
    ],
  },
];

/** The groups and entries a person with these roles may use (groups without entries left out). */
export function menuFor(roles: readonly Role[], menu: readonly MenuGroup[] = STAFF_MENU): MenuGroup[] {
  return menu
    .map((g) => ({ ...g, entries: g.entries.filter((e) => e.roles.some((r) => roles.includes(r))) }))
    .filter((g) => g.entries.length > 0);
}

/**
 * The entry the current page belongs to: the longest entry address that is the path or a folder
 * above it (so /admin/sprechtage/hausbesuche is "Hausbesuche", /admin/sprechtage/<id> "Sprechtage").
 */
export function activeEntry(path: string, groups: readonly MenuGroup[]): MenuEntry | undefined {
  let best: MenuEntry | undefined;
  for (const g of groups) {
    for (const e of g.entries) {
      if ((path === e.href || path.startsWith(`${e.href}/`)) && e.href.length > (best?.href.length ?? 0)) {
        best = e;
      }
    }
  }
  return best;
}
