import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { get, post } from '../../ui/api';
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
import { useFormat, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { kitsAdminMessages } from './messages';

interface Kit {
  id: string;
  name: string;
  prefix: string;
  status: 'awaiting_pairing' | 'active' | 'revoked';
  lastSyncAt: string | null;
  pendingCommands: number | null;
  softwareVersion: string | null;
  outcomes: { applied: number; rejected: number; conflict: number };
  revokeReason: string | null;
}
interface Municipality {
  id: string;
  name: string;
}
interface Location {
  id: string;
  name: string;
  municipalityId: string;
}

/** /admin/koffer: register kits, show the one-time pairing code, see their state, revoke. */
export default function KitsAdmin() {
  const t = useT(kitsAdminMessages);
  const c = useT(common);
  const f = useFormat();
  const [kits, setKits] = useState<Kit[]>([]);
  const [municipalities, setMunicipalities] = useState<Municipality[]>([]);
  const [locations, setLocations] = useState<Location[]>([]);
  const [name, setName] = useState('');
  const [prefix, setPrefix] = useState('');
  const [chosenMunicipalities, setChosenMunicipalities] = useState<string[]>([]);
  const [chosenLocations, setChosenLocations] = useState<string[]>([]);
  const [lockAfter, setLockAfter] = useState('5');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [secret, setSecret] = useState<{ name: string; code: string }>();
  const [revoking, setRevoking] = useState<Kit | null>(null);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string>();
  usePageTitle(t('title'), errors.length > 0 || !!general);

  const load = useCallback(() => get<{ kits: Kit[] }>('/api/kits').then((d) => setKits(d.kits)), []);
  useEffect(() => {
    void load();
    void get<{ municipalities: Municipality[] }>('/api/places/municipalities').then((d) =>
      setMunicipalities(d.municipalities),
    );
    void get<{ locations: Location[] }>('/api/places/locations').then((d) => setLocations(d.locations));
  }, [load]);

  async function register(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const local: FormError[] = [];
    if (!name.trim()) local.push({ fieldId: 'kit-name', message: t('nameMissing') });
    if (chosenMunicipalities.length === 0)
      local.push({ fieldId: 'kit-municipalities', message: t('municipalitiesMissing') });
    setErrors(local);
    if (local.length) return;
    try {
      const created = await post<{ kit: Kit; pairingCode: string }>('/api/kits', {
        name: name.trim(),
        ...(prefix.trim() ? { prefix: prefix.trim().toUpperCase() } : {}),
        municipalityIds: chosenMunicipalities,
        locationIds: chosenLocations.filter((id) =>
          chosenMunicipalities.includes(locations.find((l) => l.id === id)?.municipalityId ?? ''),
        ),
        lockAfterMinutes: Number(lockAfter) || 5,
      });
      setSecret({ name: created.kit.name, code: created.pairingCode });
      setName('');
      setPrefix('');
      await load();
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        { '/name': 'kit-name', '/prefix': 'kit-prefix', '/municipalityIds': 'kit-municipalities' },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  async function newCode(kit: Kit) {
    const answer = await post<{ kit: Kit; pairingCode: string }>(`/api/kits/${kit.id}/pairing-code`);
    setSecret({ name: kit.name, code: answer.pairingCode });
    await load();
  }

  async function revoke(e: FormEvent) {
    e.preventDefault();
    if (!revoking) return;
    if (reason.trim().length < 3) {
      setErrors([{ fieldId: 'kit-revoke-reason', message: t('revokeReasonMissing') }]);
      return;
    }
    setErrors([]);
    await post(`/api/kits/${revoking.id}/revoke`, { reason: reason.trim() });
    setNotice(t('revoked', { name: revoking.name }));
    setRevoking(null);
    setReason('');
    await load();
  }

  const statusBadge = (k: Kit) =>
    k.status === 'active' ? (
      <StatusBadge tone="success">{t('statusActive')}</StatusBadge>
    ) : k.status === 'revoked' ? (
      <StatusBadge tone="danger">{t('statusRevoked')}</StatusBadge>
    ) : (
      <StatusBadge tone="info">{t('statusAwaiting')}</StatusBadge>
    );

  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      <ErrorSummary errors={errors} general={general} />
      {secret && (
        <Alert tone="success" title={t('pairingCode', { name: secret.name })} role="status">
          <p className="kern-heading-medium" data-testid="pairing-code">
            {secret.code}
          </p>
        </Alert>
      )}
      {notice && <Alert tone="info" title={notice} role="status" />}
      {revoking && (
        <form onSubmit={revoke} noValidate>
          <TextField
            id="kit-revoke-reason"
            label={t('revokeReason', { name: revoking.name })}
            hint={t('revokeReasonHint')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={errorFor(errors, 'kit-revoke-reason')}
          />
          <div className="bk-actions">
            <Button>{t('revokeConfirm')}</Button>{' '}
            <Button type="button" variant="secondary" onClick={() => setRevoking(null)}>
              {t('cancel')}
            </Button>
          </div>
        </form>
      )}
      <h2 className="kern-heading-medium">{t('list')}</h2>
      {kits.length === 0 ? (
        <p className="kern-body">{t('none')}</p>
      ) : (
        <table className="kern-table" data-testid="kits-table">
          <thead>
            <tr>
              <th scope="col">{t('colKit')}</th>
              <th scope="col">{t('colStatus')}</th>
              <th scope="col">{t('colSync')}</th>
              <th scope="col">{t('colPending')}</th>
              <th scope="col">{t('colVersion')}</th>
              <th scope="col">{t('colOutcomes')}</th>
              <th scope="col">{t('colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {kits.map((k) => (
              <tr key={k.id}>
                <td>
                  {k.name} ({k.prefix})
                </td>
                <td>{statusBadge(k)}</td>
                <td>{k.lastSyncAt ? f.dateTime(k.lastSyncAt) : t('never')}</td>
                <td>{k.pendingCommands ?? t('unknown')}</td>
                <td>{k.softwareVersion ?? t('unknown')}</td>
                <td>
                  {k.outcomes.applied} / {k.outcomes.rejected} / {k.outcomes.conflict}
                </td>
                <td>
                  <Button type="button" variant="secondary" onClick={() => void newCode(k)}>
                    {t('newCode')}
                    <span className="bk-visually-hidden"> {k.name}</span>
                  </Button>{' '}
                  {k.status !== 'revoked' && (
                    <Button type="button" variant="tertiary" onClick={() => setRevoking(k)}>
                      {t('revoke')}
                      <span className="bk-visually-hidden"> {k.name}</span>
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="kern-heading-medium">{t('registerTitle')}</h2>
      <form onSubmit={register} noValidate>
        <TextField
          id="kit-name"
          label={t('name')}
          hint={t('nameHint')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errorFor(errors, 'kit-name')}
        />
        <TextField
          id="kit-prefix"
          label={t('prefix')}
          hint={t('prefixHint')}
          value={prefix}
          onChange={(e) => setPrefix(e.target.value)}
          optional
          width={10}
          error={errorFor(errors, 'kit-prefix')}
        />
        <ChoiceGroup
          id="kit-municipalities"
          legend={t('municipalities')}
          type="checkbox"
          name="municipalities"
          options={municipalities.map((m) => ({ value: m.id, label: m.name }))}
          value={chosenMunicipalities}
          onChange={setChosenMunicipalities}
          error={errorFor(errors, 'kit-municipalities')}
        />
        {chosenMunicipalities.length > 0 && (
          <ChoiceGroup
            id="kit-locations"
            legend={t('locations')}
            type="checkbox"
            name="locations"
            optional
            options={locations
              .filter((l) => chosenMunicipalities.includes(l.municipalityId))
              .map((l) => ({ value: l.id, label: l.name }))}
            value={chosenLocations}
            onChange={setChosenLocations}
          />
        )}
        <TextField
          id="kit-lock"
          label={t('lockAfter')}
          inputMode="numeric"
          value={lockAfter}
          onChange={(e) => setLockAfter(e.target.value)}
          width={4}
        />
        <Button>{t('register')}</Button>
      </form>
    </>
  );
}
