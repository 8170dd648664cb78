import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ROLES, type Role } from '../../../core/roles';
import { staffMessages } from '../../staff/messages';
import { get, patch, post } from '../../ui/api';
import { Alert, StatusBadge } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { staffAdminMessages } from './messages';
import { SecurityPolicyForm, StaffKeysPanel } from './SecurityKeysAdmin';

interface Staff {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  totpEnabled: boolean;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  securityKeys: number;
}

export default function StaffAdmin() {
  const t = useT(staffAdminMessages);
  const r = useT(staffMessages);
  const c = useT(common);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<string[]>(['clerk']);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [secret, setSecret] = useState<{ text: string; password: string }>();
  const [editing, setEditing] = useState<string>();
  const [editRoles, setEditRoles] = useState<string[]>([]);
  const [keysOf, setKeysOf] = useState<string>();
  usePageTitle(t('title'), errors.length > 0 || !!general);

  const load = useCallback(() => get<{ staff: Staff[] }>('/api/staff').then((d) => setStaff(d.staff)), []);
  useEffect(() => {
    void load();
  }, [load]);

  const roleOptions = ROLES.map((role) => ({ value: role, label: r(`role_${role}`) }));

  async function invite(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (!username.trim()) local.push({ fieldId: 'staff-username', message: t('usernameMissing') });
    if (!displayName.trim()) local.push({ fieldId: 'staff-name', message: t('nameMissing') });
    if (roles.length === 0) local.push({ fieldId: 'staff-roles', message: t('rolesMissing') });
    setErrors(local);
    setGeneral(undefined);
    if (local.length) return;
    try {
      const created = await post<{ id: string; oneTimePassword: string }>('/api/staff', {
        username: username.trim(),
        displayName: displayName.trim(),
        email: email.trim() || null,
        roles,
      });
      setSecret({ text: t('created', { username: username.trim() }), password: created.oneTimePassword });
      setUsername('');
      setDisplayName('');
      setEmail('');
      await load();
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        {
          '/username': 'staff-username',
          '/displayName': 'staff-name',
          '/email': 'staff-email',
          '/roles': 'staff-roles',
        },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  async function act(fn: () => Promise<unknown>) {
    setGeneral(undefined);
    try {
      await fn();
      await load();
    } catch (error) {
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
    }
  }

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      {secret && (
        <Alert tone="success" title={secret.text} role="status">
          <p className="kern-body bk-mono" data-testid="one-time-password">
            {secret.password}
          </p>
        </Alert>
      )}
      <section aria-labelledby="list-title">
        <h2 className="kern-heading-medium" id="list-title">
          {t('list')}
        </h2>
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped">
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th className="kern-table__cell" scope="col">
                  {t('colName')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colUsername')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colRoles')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colStatus')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colActions')}
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {staff
                .map((s) => (
                  <tr className="kern-table__row" key={s.id}>
                    <td className="kern-table__cell">{s.displayName}</td>
                    <td className="kern-table__cell bk-mono">{s.username}</td>
                    <td className="kern-table__cell">
                      {editing === s.id ? (
                        <ChoiceGroup
                          id={`roles-${s.id}`}
                          legend={t('roles')}
                          type="checkbox"
                          name={`roles-${s.id}`}
                          options={roleOptions}
                          value={editRoles}
                          onChange={setEditRoles}
                        />
                      ) : (
                        s.roles.map((role) => r(`role_${role}`)).join(', ')
                      )}
                    </td>
                    <td className="kern-table__cell">
                      {s.disabled ? (
                        <StatusBadge tone="danger">{t('statusDisabled')}</StatusBadge>
                      ) : s.locked ? (
                        <StatusBadge tone="warning">{t('statusLocked')}</StatusBadge>
                      ) : s.mustChangePassword ? (
                        <StatusBadge tone="info">{t('statusNew')}</StatusBadge>
                      ) : (
                        <StatusBadge tone="success">{t('statusActive')}</StatusBadge>
                      )}{' '}
                      <span className="kern-body kern-body--small">
                        {t('mfa')}: {s.totpEnabled ? t('yes') : t('no')}
                      </span>{' '}
                      <span className="kern-body kern-body--small">
                        {t('keysCount', { count: s.securityKeys })}
                      </span>
                    </td>
                    <td className="kern-table__cell">
                      <div className="bk-actions">
                        {editing === s.id ? (
                          <Button
                            type="button"
                            variant="secondary"
                            onClick={() =>
                              void act(() => patch(`/api/staff/${s.id}`, { roles: editRoles })).then(() =>
                                setEditing(undefined),
                              )
                            }
                          >
                            {t('saveRoles')}
                          </Button>
                        ) : (
                          <Button
                            type="button"
                            variant="tertiary"
                            onClick={() => {
                              setEditing(s.id);
                              setEditRoles(s.roles);
                            }}
                          >
                            {t('editRoles')}
                          </Button>
                        )}
                        <Button
                          type="button"
                          variant="tertiary"
                          onClick={() =>
                            void act(() => patch(`/api/staff/${s.id}`, { disabled: !s.disabled }))
                          }
                        >
                          {s.disabled ? t('enable') : t('disable')}
                        </Button>
                        <Button
                          type="button"
                          variant="tertiary"
                          onClick={() =>
                            void act(async () => {
                              const res = await post<{ oneTimePassword: string }>(
                                `/api/staff/${s.id}/reset-password`,
                                { resetTotp: false },
                              );
                              setSecret({
                                text: t('reset', { username: s.username }),
                                password: res.oneTimePassword,
                              });
                            })
                          }
                        >
                          {t('resetPassword')}
                        </Button>
                        <Button
                          type="button"
                          variant="tertiary"
                          aria-expanded={keysOf === s.id}
                          aria-controls={`keys-row-${s.id}`}
                          onClick={() => setKeysOf(keysOf === s.id ? undefined : s.id)}
                        >
                          {keysOf === s.id ? t('hideKeys') : t('showKeys', { name: s.displayName })}
                        </Button>
                      </div>
                    </td>
                  </tr>
                ))
                .flatMap((row, index) => {
                  const s = staff[index]!;
                  return keysOf === s.id
                    ? [
                        row,
                        <tr className="kern-table__row" key={`${s.id}-keys`} id={`keys-row-${s.id}`}>
                          <td className="kern-table__cell" colSpan={5}>
                            <StaffKeysPanel
                              userId={s.id}
                              name={s.displayName}
                              onChanged={() => void load()}
                            />
                          </td>
                        </tr>,
                      ]
                    : [row];
                })}
            </tbody>
          </table>
        </div>
      </section>
      <SecurityPolicyForm />
      <section aria-labelledby="invite-title">
        <form className="bk-form" onSubmit={invite} noValidate>
          <h2 className="kern-heading-medium" id="invite-title">
            {t('inviteTitle')}
          </h2>
          <p className="kern-body">{t('inviteLead')}</p>
          <TextField
            id="staff-username"
            label={t('username')}
            hint={t('usernameHint')}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={errorFor(errors, 'staff-username')}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            id="staff-name"
            label={t('displayName')}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            error={errorFor(errors, 'staff-name')}
            autoComplete="off"
          />
          <TextField
            id="staff-email"
            type="email"
            label={t('email')}
            optional
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errorFor(errors, 'staff-email')}
            autoComplete="off"
          />
          <ChoiceGroup
            id="staff-roles"
            legend={t('roles')}
            type="checkbox"
            name="roles"
            options={roleOptions}
            value={roles}
            onChange={setRoles}
            error={errorFor(errors, 'staff-roles')}
          />
          <div className="bk-actions">
            <Button>{t('invite')}</Button>
          </div>
        </form>
      </section>
    </>
  );
}
