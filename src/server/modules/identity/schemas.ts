import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../core/roles';
import { IsoDateTime, Obj, Uuid } from '../../http/schema';

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const StageSchema = Type.Union([
  Type.Literal('mfa_required'),
  Type.Literal('password_change_required'),
  Type.Literal('mfa_enrolment_required'),
  Type.Literal('key_enrolment_required'),
  Type.Literal('active'),
]);
export const SecondFactorSchema = Type.Union([Type.Literal('security_key'), Type.Literal('totp')]);

export const Username = Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
export const TotpCode = Type.String({ minLength: 6, maxLength: 9, pattern: '^[0-9 ]+$' });

export const LoginBody = Obj({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export const SessionSchema = Type.Object({
  stage: StageSchema,
  csrfToken: Type.String(),
  secondFactors: Type.Array(SecondFactorSchema, {
    description: 'In stage mfa_required: the second factors that complete the sign-in',
  }),
  user: Type.Object({
    id: Uuid,
    username: Type.String(),
    displayName: Type.String(),
    authorityId: Uuid,
    authorityName: Type.String(),
    roles: Type.Array(RoleSchema),
    totpEnabled: Type.Boolean(),
    securityKeys: Type.Integer({ description: 'Security keys enrolled and not revoked' }),
    securityKeyRequired: Type.Boolean({
      description: 'The authority requires a security key for this account’s roles',
    }),
  }),
});

export const CodeBody = Obj({ code: TotpCode });
export const PasswordChangeBody = Obj({
  currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: Type.String({ minLength: 1, maxLength: 256 }),
});
export const StageResponse = Type.Object({
  stage: StageSchema,
  csrfToken: Type.Optional(
    Type.String({ description: 'The new CSRF token when the stage changed (the session token changed too)' }),
  ),
});
export const TotpSetupResponse = Type.Object({
  secret: Type.String(),
  otpauthUri: Type.String(),
  qrSvg: Type.String(),
});

export const StaffSchema = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(RoleSchema),
  totpEnabled: Type.Boolean(),
  disabled: Type.Boolean(),
  locked: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  lastLoginAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
});

export const CreateStaffBody = Obj({
  username: Username,
  displayName: Type.String({ minLength: 1, maxLength: 120 }),
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()])),
  roles: Type.Array(RoleSchema, { minItems: 1, uniqueItems: true }),
});

export const UpdateStaffBody = Obj({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()])),
  roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, uniqueItems: true })),
  disabled: Type.Optional(Type.Boolean()),
});

export const ResetPasswordBody = Obj({ resetTotp: Type.Optional(Type.Boolean()) });
export const OneTimePasswordResponse = Type.Object({ id: Uuid, oneTimePassword: Type.String() });
