import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { get, post } from '../../ui/api';
import { Alert, StatusBadge } from '../../ui/components';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  SelectField,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { terminalsAdminMessages } from './messages';

interface Terminal {
  id: string;
  name: string;
  locationId: string;
  locationName: string;
  status: 'pending' | 'active' | 'revoked';
  pairingExpiresAt: string | null;
  lastSeenAt: string | null;
}
interface Location {
  id: string;
  name: string;
}

/** /admin/terminals (#11): register a terminal at a location, its one-time set-up code, revoke it. */
export default function TerminalsAdmin() {
  const t = useT(terminalsAdminMessages);
  const c = useT(common);
  const f = useFormat();
  const [terminals, setTerminals] = useState<Terminal[]>([]);
  const [locations, setLocations] = useState<Location[]>([]);
  const [locationId, setLocationId] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [secret, setSecret] = useState<{ name: string; code: string; until: string }>();
  const [notice, setNotice] = useState<string>();
  usePageTitle(t('title'), errors.length > 0 || !!general);

  const load = useCallback(
    () => get<{ terminals: Terminal[] }>('/api/video/terminals').then((d) => setTerminals(d.terminals)),
    [],
  );
  useEffect(() => {
    void load();
    void get<{ locations: Location[] }>('/api/places/locations').then((d) => setLocations(d.locations));
  }, [load]);

  async function add(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const local: FormError[] = [];
    if (!locationId) local.push({ fieldId: 'terminal-location', message: t('locationMissing') });
    if (!name.trim()) local.push({ fieldId: 'terminal-name', message: t('nameMissing') });
    setErrors(local);
    if (local.length) return;
    try {
      const created = await post<{ terminal: Terminal; code: string }>('/api/video/terminals', {
        locationId,
        name: name.trim(),
      });
      setSecret({
        name: created.terminal.name,
        code: created.code,
        until: created.terminal.pairingExpiresAt ?? '',
      });
      setName('');
      await load();
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        { '/locationId': 'terminal-location', '/name': 'terminal-name' },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  async function newCode(terminal: Terminal) {
    const answer = await post<{ terminal: Terminal; code: string }>(
      `/api/video/terminals/${terminal.id}/code`,
    );
    setSecret({ name: terminal.name, code: answer.code, until: answer.terminal.pairingExpiresAt ?? '' });
    await load();
  }

  async function revoke(terminal: Terminal) {
    await post(`/api/video/terminals/${terminal.id}/revoke`);
    setNotice(t('revoked', { name: terminal.name }));
    await load();
  }

  const badge = (x: Terminal) =>
    x.status === 'active' ? (
      <StatusBadge tone="success">{t('statusActive')}</StatusBadge>
    ) : x.status === 'revoked' ? (
      <StatusBadge tone="danger">{t('statusRevoked')}</StatusBadge>
    ) : (
      <StatusBadge tone="info">{t('statusPending')}</StatusBadge>
    );

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      {secret && (
        <Alert
          tone="success"
          title={t('code', { name: secret.name, time: f.dateTime(secret.until) })}
          role="status"
        >
          <p className="kern-heading-medium bk-mono" data-testid="terminal-code">
            {secret.code}
          </p>
        </Alert>
      )}
      {notice && <Alert tone="info" title={notice} role="status" />}
      <h2 className="kern-heading-medium">{t('addTitle')}</h2>
      <form className="bk-form" onSubmit={add} noValidate>
        <SelectField
          id="terminal-location"
          label={t('location')}
          options={[
            { value: '', label: t('choose') },
            ...locations.map((l) => ({ value: l.id, label: l.name })),
          ]}
          value={locationId}
          error={errorFor(errors, 'terminal-location')}
          onChange={(e) => setLocationId(e.target.value)}
        />
        <TextField
          id="terminal-name"
          label={t('name')}
          hint={t('nameHint')}
          value={name}
          error={errorFor(errors, 'terminal-name')}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="bk-actions">
          <Button>{t('add')}</Button>
        </div>
      </form>
      <h2 className="kern-heading-medium">{t('list')}</h2>
      {terminals.length === 0 ? (
        <p className="kern-body">{t('none')}</p>
      ) : (
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped" data-testid="terminals-table">
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th className="kern-table__cell" scope="col">
                  {t('colTerminal')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colLocation')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colStatus')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colSeen')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colActions')}
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {terminals.map((x) => (
                <tr className="kern-table__row" key={x.id}>
                  <td className="kern-table__cell">{x.name}</td>
                  <td className="kern-table__cell">{x.locationName}</td>
                  <td className="kern-table__cell">{badge(x)}</td>
                  <td className="kern-table__cell">{x.lastSeenAt ? f.dateTime(x.lastSeenAt) : t('never')}</td>
                  <td className="kern-table__cell">
                    {x.status !== 'revoked' && (
                      <>
                        <Button type="button" variant="secondary" onClick={() => void newCode(x)}>
                          {t('newCode')}
                          <span className="bk-visually-hidden"> {x.name}</span>
                        </Button>{' '}
                        <Button type="button" variant="tertiary" onClick={() => void revoke(x)}>
                          {t('revoke')}
                          <span className="bk-visually-hidden"> {x.name}</span>
                        </Button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
