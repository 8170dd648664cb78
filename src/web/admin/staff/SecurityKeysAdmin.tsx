import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { Role } from '../../../core/roles';
import { staffMessages } from '../../staff/messages';
import { get, post, put } from '../../ui/api';
import { Alert, StatusBadge } from '../../ui/components';
import { Button, ChoiceGroup, errorFor, type FormError, formErrorsFrom, TextField } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import type { SecurityKey } from '../../ui/webauthn';
import { staffAdminMessages } from './messages';

/**
 * A colleague's security keys, and revoking a lost one with the reason (on record; their
 * sessions end). Shown below the colleague's row in the staff list.
 */
export function StaffKeysPanel({
  userId,
  name,
  onChanged,
}: {
  userId: string;
  name: string;
  onChanged(): void;
}) {
  const t = useT(staffAdminMessages);
  const c = useT(common);
  const f = useFormat();
  const [keys, setKeys] = useState<SecurityKey[]>();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const reasonId = `revoke-reason-${userId}`;
  const load = useCallback(
    () => get<{ keys: SecurityKey[] }>(`/api/staff/${userId}/security-keys`).then((d) => setKeys(d.keys)),
    [userId],
  );
  useEffect(() => {
    void load().catch(() => setKeys([]));
  }, [load]);

  async function revoke(key: SecurityKey) {
    setNotice(undefined);
    setProblem(undefined);
    if (reason.trim().length < 3) {
      setErrors([{ fieldId: reasonId, message: t('revokeReasonMissing') }]);
      document.getElementById(reasonId)?.focus();
      return;
    }
    setErrors([]);
    try {
      await post(`/api/staff/${userId}/security-keys/${key.id}/revoke`, { reason: reason.trim() });
      setReason('');
      setNotice(t('keyRevoked', { name: key.name }));
      await load();
      onChanged();
    } catch (error) {
      const mapped = formErrorsFrom(error, { '/reason': reasonId }, c('genericError'));
      setErrors(mapped.errors);
      setProblem(mapped.general);
    }
  }

  const active = keys?.filter((k) => !k.revokedAt) ?? [];
  return (
    <section aria-label={t('keysOf', { name })} className="bk-form" data-testid={`keys-${userId}`}>
      <div aria-live="polite">
        {notice && <Alert tone="success" title={notice} role="status" />}
        {problem && <Alert tone="danger" title={problem} role="alert" />}
      </div>
      {keys && keys.length === 0 && <p className="kern-body">{t('noKeys')}</p>}
      {keys && keys.length > 0 && (
        <table className="kern-table">
          <caption className="kern-title">{t('keysOf', { name })}</caption>
          <thead className="kern-table__header">
            <tr className="kern-table__row">
              <th className="kern-table__cell" scope="col">
                {t('colKeyName')}
              </th>
              <th className="kern-table__cell" scope="col">
                {t('colKeyAdded')}
              </th>
              <th className="kern-table__cell" scope="col">
                {t('colKeyLastUsed')}
              </th>
              <th className="kern-table__cell" scope="col">
                {t('colKeyState')}
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {keys.map((k) => (
              <tr className="kern-table__row" key={k.id}>
                <th className="kern-table__cell" scope="row">
                  {k.name}
                </th>
                <td className="kern-table__cell">{f.dateTime(k.createdAt)}</td>
                <td className="kern-table__cell">
                  {k.lastUsedAt ? f.dateTime(k.lastUsedAt) : t('keyNeverUsed')}
                </td>
                <td className="kern-table__cell">
                  {k.revokedAt ? (
                    <StatusBadge tone="danger">
                      {t('keyRevokedOn', { date: f.dateTime(k.revokedAt), reason: k.revokeReason ?? '' })}
                    </StatusBadge>
                  ) : (
                    <StatusBadge tone="success">{t('keyActive')}</StatusBadge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {active.length > 0 && (
        <>
          <TextField
            id={reasonId}
            label={t('revokeReason')}
            hint={t('revokeReasonHint')}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            error={errorFor(errors, reasonId)}
          />
          <div className="bk-actions">
            {active.map((k) => (
              <Button key={k.id} type="button" variant="secondary" onClick={() => void revoke(k)}>
                {t('revokeKey', { name: k.name })}
              </Button>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

/** The authority's rule: roles that read the register must sign in with a security key. */
export function SecurityPolicyForm() {
  const t = useT(staffAdminMessages);
  const r = useT(staffMessages);
  const c = useT(common);
  const [policy, setPolicy] = useState<{ requireSecurityKey: boolean; roles: Role[] }>();
  const [value, setValue] = useState<string[]>([]);
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    void get<{ requireSecurityKey: boolean; roles: Role[] }>('/api/security/policy').then((p) => {
      setPolicy(p);
      setValue(p.requireSecurityKey ? ['require'] : []);
    });
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    setNotice(undefined);
    setProblem(undefined);
    try {
      const saved = await put<{ requireSecurityKey: boolean; roles: Role[] }>('/api/security/policy', {
        requireSecurityKey: value.includes('require'),
      });
      setPolicy(saved);
      setNotice(t('policySaved'));
    } catch (error) {
      setProblem(formErrorsFrom(error, {}, c('genericError')).general);
    }
  }

  if (!policy) return null;
  return (
    <section aria-labelledby="policy-title">
      <h2 className="kern-heading-medium" id="policy-title">
        {t('policyTitle')}
      </h2>
      <p className="kern-body">
        {t('policyLead', { roles: policy.roles.map((role) => r(`role_${role}`)).join(', ') })}
      </p>
      <div aria-live="polite">
        {notice && <Alert tone="success" title={notice} role="status" />}
        {problem && <Alert tone="danger" title={problem} role="alert" />}
      </div>
      <form className="bk-form" onSubmit={save} noValidate>
        <ChoiceGroup
          id="policy-require"
          legend={t('policyTitle')}
          type="checkbox"
          name="policy"
          options={[{ value: 'require', label: t('policyRequire') }]}
          value={value}
          onChange={setValue}
        />
        <div className="bk-actions">
          <Button variant="secondary">{t('policySave')}</Button>
        </div>
      </form>
    </section>
  );
}
