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

/**
 * Roles that read the resident register (search, records, the kit's register extract). An
 * authority can require these to sign in with a security key (phishing-resistant, as BSI
 * recommends for access to sensitive data).
 */
export const REGISTER_READER_ROLES: readonly Role[] = ['clerk'];

export function readsRegister(roles: readonly Role[]): boolean {
  return roles.some((r) => REGISTER_READER_ROLES.includes(r));
}
