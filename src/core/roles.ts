/** Staff roles. Each account holds one or more, always within one authority (the tenant). */
export const ROLES = ['admin', 'coordinator', 'clerk', 'hotline', 'evaluator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose holders must use a second factor (TOTP). Others are offered it. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'auditor'];

export function requiresMfa(roles: readonly Role[]): boolean {
  return roles.some((r) => MFA_REQUIRED_ROLES.includes(r));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
