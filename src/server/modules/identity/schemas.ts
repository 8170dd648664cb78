import { Type } from '@sinclair/typebox';
import { ALL_ROLES, ROLES } from '../../../core/roles';
import { IsoDateTime, Obj, Uuid } from '../../http/schema';

/** Any role an account can hold (answers). */
export const RoleSchema = Type.Union(ALL_ROLES.map((r) => Type.Literal(r)));
/** The roles an authority's admin may grant (requests): never `operator`. */
export const AuthorityRoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
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
    authorityId: Type.Union([Uuid, Type.Null()], {
      description: 'The account’s authority; null for an installation operator',
    }),
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
  securityKeys: Type.Integer({ description: 'Security keys enrolled and not revoked' }),
  lastLoginAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
});

export const CreateStaffBody = Obj({
  username: Username,
  displayName: Type.String({ minLength: 1, maxLength: 120 }),
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()])),
  roles: Type.Array(AuthorityRoleSchema, { minItems: 1, uniqueItems: true }),
});

export const UpdateStaffBody = Obj({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()])),
  roles: Type.Optional(Type.Array(AuthorityRoleSchema, { minItems: 1, uniqueItems: true })),
  disabled: Type.Optional(Type.Boolean()),
});

export const ResetPasswordBody = Obj({ resetTotp: Type.Optional(Type.Boolean()) });
export const OneTimePasswordResponse = Type.Object({ id: Uuid, oneTimePassword: Type.String() });

// ---- security keys (WebAuthn) ----

const Base64Url = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength });
const Attachment = Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')]));
/** Extension outputs are an open map by the WebAuthn specification (e.g. credProps). */
const ExtensionResults = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 16 });

export const RegistrationResponseSchema = Obj(
  {
    id: Base64Url(1400),
    rawId: Base64Url(1400),
    type: Type.Literal('public-key'),
    response: Obj({
      clientDataJSON: Base64Url(8192),
      attestationObject: Base64Url(65536),
      authenticatorData: Type.Optional(Base64Url(65536)),
      transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10 })),
      publicKeyAlgorithm: Type.Optional(Type.Integer()),
      publicKey: Type.Optional(Base64Url(4096)),
    }),
    authenticatorAttachment: Attachment,
    clientExtensionResults: ExtensionResults,
  },
  { description: 'PublicKeyCredential.toJSON() of navigator.credentials.create()' },
);

export const AuthenticationResponseSchema = Obj(
  {
    id: Base64Url(1400),
    rawId: Base64Url(1400),
    type: Type.Literal('public-key'),
    response: Obj({
      clientDataJSON: Base64Url(8192),
      authenticatorData: Base64Url(65536),
      signature: Base64Url(2048),
      userHandle: Type.Optional(Base64Url(512)),
    }),
    authenticatorAttachment: Attachment,
    clientExtensionResults: ExtensionResults,
  },
  { description: 'PublicKeyCredential.toJSON() of navigator.credentials.get()' },
);

export const CeremonyOptions = Type.Object({
  challengeId: Uuid,
  options: Type.Unknown({
    description: 'PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON for the browser',
  }),
});

export const RegisterKeyBody = Obj({
  challengeId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 60, description: 'A name the owner recognises the key by' }),
  response: RegistrationResponseSchema,
});

export const AssertionBody = Obj({ challengeId: Uuid, response: AuthenticationResponseSchema });

export const SecurityKeySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  createdAt: IsoDateTime,
  lastUsedAt: Type.Union([IsoDateTime, Type.Null()]),
  discoverable: Type.Union([Type.Boolean(), Type.Null()]),
  deviceType: Type.Union([Type.Literal('singleDevice'), Type.Literal('multiDevice')]),
  backedUp: Type.Boolean(),
  revokedAt: Type.Union([IsoDateTime, Type.Null()]),
  revokeReason: Type.Union([Type.String(), Type.Null()]),
});

export const RegisteredKeyResponse = Type.Object({
  key: SecurityKeySchema,
  stage: StageSchema,
  csrfToken: Type.Optional(Type.String()),
});

export const KeyParams = Obj({ id: Uuid, keyId: Uuid });
export const RevokeKeyBody = Obj({ reason: Type.String({ minLength: 3, maxLength: 500 }) });

export const SecurityPolicySchema = Type.Object({
  requireSecurityKey: Type.Boolean(),
  roles: Type.Array(RoleSchema, {
    description: 'The roles the requirement applies to (they read the register)',
  }),
});
export const SecurityPolicyBody = Obj({ requireSecurityKey: Type.Boolean() });
