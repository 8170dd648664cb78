import { isValidElement } from 'react';
import { describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../admin/routes';
import { DESK_ROUTES } from '../../desk/routes';
import { OPERATIONS_ROUTES } from '../../operations/routes';
import { RequireStaff } from '../../ui/guard';
import { matchPath } from '../../ui/router';
import { activeEntry, menuFor, STAFF_MENU } from './menu';
import { shellMessages } from './messages';

const ids = (roles: Parameters<typeof menuFor>[0]) =>
  menuFor(roles).flatMap((g) => g.entries.map((e) => e.id));

describe('the staff menu (#10)', () => {
  it('shows each role what it may use, and nothing else', () => {
    expect(ids(['clerk'])).toEqual([
      'queue',
      'video',
      'register',
      'cases',
      'cash',
      'booking',
      'homeVisitRequest',
      'hotline',
      'kit',
    ]);
    expect(ids(['hotline'])).toEqual(['booking', 'homeVisitRequest', 'hotline']);
    expect(ids(['evaluator'])).toEqual(['stats']);
    expect(ids(['auditor'])).toEqual(['audit']);
    expect(ids(['admin'])).toEqual([
      'tours',
      'terminals',
      'staff',
      'outbox',
      'retention',
      'landAdopt',
      'invitations',
      'attendanceConfirmation',
      'stats',
    ]);
    expect(ids(['coordinator'])).toEqual([
      'officeDays',
      'homeVisits',
      'tours',
      'catalog',
      'kits',
      'terminals',
      'outbox',
      'invitations',
      'attendanceConfirmation',
      'stats',
    ]);
    expect(menuFor(['hotline']).map((g) => g.id)).toEqual(['desk']);
    // The operator sees only the operations area, and no authority role sees it (ADR 24).
    expect(menuFor(['operator']).map((g) => g.id)).toEqual(['operations']);
    expect(ids(['admin', 'coordinator', 'clerk', 'hotline', 'evaluator', 'auditor'])).not.toContain(
      'authorities',
    );
    expect(menuFor(['clerk', 'coordinator']).map((g) => g.id)).toEqual(['desk', 'admin']);
  });

  it('marks the entry a page belongs to by the longest matching address', () => {
    const all = menuFor(['clerk', 'coordinator', 'admin', 'auditor', 'evaluator', 'hotline']);
    expect(activeEntry('/admin/sprechtage', all)?.id).toBe('officeDays');
    expect(activeEntry('/admin/sprechtage/0190-abc', all)?.id).toBe('officeDays');
    expect(activeEntry('/admin/sprechtage/hausbesuche', all)?.id).toBe('homeVisits');
    expect(activeEntry('/desk/vorgaenge/neu', all)?.id).toBe('cases');
    expect(activeEntry('/desk/register/0190-abc', all)?.id).toBe('register');
    expect(activeEntry('/desk/registerx', all)).toBeUndefined();
    expect(activeEntry('/start', all)).toBeUndefined();
  });

  it('leads only to pages that exist, guarded by the same roles the menu names', () => {
    for (const group of STAFF_MENU) {
      const routes =
        group.id === 'desk' ? DESK_ROUTES : group.id === 'admin' ? ADMIN_ROUTES : OPERATIONS_ROUTES;
      expect(routes.some((r) => matchPath(r.path, group.home))).toBe(true);
      for (const entry of group.entries) {
        if (entry.external) continue;
        const route = routes.find((r) => matchPath(r.path, entry.href));
        expect(route, entry.href).toBeDefined();
        const element = route!.render({});
        expect(isValidElement(element) && element.type === RequireStaff, entry.href).toBe(true);
        const guard = (element as { props: { roles: string[] } }).props.roles;
        expect([...guard].sort(), entry.href).toEqual([...entry.roles].sort());
      }
    }
  });

  it('has a label and a description in German and English for every entry and area', () => {
    for (const group of STAFF_MENU) {
      expect(shellMessages.de[`group_${group.id}`]).toBeTruthy();
      expect(shellMessages.en[`group_${group.id}`]).toBeTruthy();
      for (const e of group.entries) {
        for (const locale of ['de', 'en'] as const) {
          expect(shellMessages[locale][`menu_${e.id}`], `${locale} menu_${e.id}`).toBeTruthy();
          expect(shellMessages[locale][`text_${e.id}`], `${locale} text_${e.id}`).toBeTruthy();
        }
      }
    }
  });
});
