/**
 * Roles held within one authority (the tenant). An authority's admin grants these; each account
 * holding them belongs to exactly one authority.
 */
export const ROLES = ['admin', 'coordinator', 'clerk', 'hotline', 'evaluator', 'auditor'] as const;
export type AuthorityRole = (typeof ROLES)[number];

/**
 * The installation-level role (#12, ADR 24): the municipal IT provider's operator, tied to no
 * authority. Created only by `npm run operator:create`, never granted by an authority's admin;
 * an account holding it holds no other role and reads no authority's personal data.
 */
export const OPERATOR_ROLE = 'operator' as const;
export type OperatorRole = typeof OPERATOR_ROLE;

/** Every role an account can hold. */
export type Role = AuthorityRole | OperatorRole;
export const ALL_ROLES: readonly Role[] = [...ROLES, OPERATOR_ROLE];

/** Roles whose holders must use a second factor (TOTP or a security key). Others are offered it. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'auditor', OPERATOR_ROLE];

export function requiresMfa(roles: readonly Role[]): boolean {
  return roles.some((r) => MFA_REQUIRED_ROLES.includes(r));
}

/** An authority role (the ones an authority's admin may grant). */
export function isRole(value: string): value is AuthorityRole {
  return (ROLES as readonly string[]).includes(value);
}

export function isOperator(roles: readonly Role[]): boolean {
  return roles.includes(OPERATOR_ROLE);
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
