import type { FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors';
import type { ActingForResolver } from '../../http/request-scope';
import { type AuthorityDirectory, hasPortal } from './directory';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The 115 service centre (ADR 27): a hotline agent of a service-centre organisation may act for
 * an authority that joined the 115 (`joined_115`), on routes that allow it
 * (`config: { actingFor: 'hotline' }` — catalogue, office days, slots, booking for a caller),
 * never on anything else. The request then works in that authority's scope with the purpose
 * "hotline" (row-level security keeps the register closed to it as well), and the staff
 * principal's authority becomes that authority; its own stays in `homeAuthorityId`.
 */
export function actingForResolver(directory: AuthorityDirectory): ActingForResolver {
  return async (request: FastifyRequest, raw: string) => {
    const staff = request.staff;
    if (staff?.stage !== 'active') throw new AppError('AUTH_REQUIRED');
    const authorityId = raw.trim().toLowerCase();
    if (!UUID_RE.test(authorityId) || !staff.roles.includes('hotline'))
      throw new AppError('ACTING_FOR_NOT_ALLOWED');
    const home = await directory.byId(staff.authorityId);
    const target = await directory.byId(authorityId);
    const allowed =
      !!target &&
      hasPortal(target) &&
      (target.id === staff.authorityId || (home?.kind === 'service_centre' && target.joined115));
    if (!allowed) throw new AppError('ACTING_FOR_NOT_ALLOWED');
    if (target.status === 'suspended') throw new AppError('PORTAL_SUSPENDED');
    staff.homeAuthorityId = staff.authorityId;
    staff.authorityId = target.id;
    return target.id;
  };
}
