import { type FormEvent, useEffect, useState } from 'react';
import { get, post } from '../ui/api';
import { Alert } from '../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  SelectField,
  TextArea,
  TextField,
  usePageTitle,
} from '../ui/forms';
import { useT } from '../ui/i18n';
import { common } from '../ui/messages';
import { Link } from '../ui/router';
import { BODY_KINDS, type DirectoryEntry, type Proposal } from './api';
import { fileToBase64 } from './files';
import { opsMessages } from './messages';

interface Member {
  ags: string;
  name: string;
  postalCode: string;
  villages: string;
}

/** "Crimmitschau, Stadt" → "Crimmitschau" (the directory's sort form of a town's name). */
const plainName = (name: string) => name.replace(/,\s*(Stadt|Gemeinde|Markt)$/i, '').trim();

function slugify(name: string): string {
  return plainName(name)
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

const FIELD_IDS: Record<string, string> = {
  '/name': 'ob-name',
  '/shortName': 'ob-short',
  '/bodyKind': 'ob-kind',
  '/slug': 'ob-slug',
  '/host': 'ob-host',
  '/street': 'ob-street',
  '/postalCode': 'ob-postal',
  '/city': 'ob-city',
  '/email': 'ob-email',
  '/phone': 'ob-phone',
  '/leadMunicipalityAgs': 'ob-lead',
  '/municipalities': 'ob-members',
  '/branding/primaryColour': 'ob-colour',
  '/branding/logo': 'ob-logo',
  '/imprint/representative': 'ob-representative',
  '/imprint/supervisoryAuthority': 'ob-supervisory',
  '/firstAdmin/username': 'ob-admin-username',
  '/firstAdmin/displayName': 'ob-admin-name',
  '/firstAdmin/email': 'ob-admin-email',
};

/** /betrieb/behoerden/neu: onboard an authority, picked from the directory or typed. */
export default function OnboardPage() {
  const t = useT(opsMessages);
  const c = useT(common);
  const [directoryLoaded, setDirectoryLoaded] = useState<boolean>();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<DirectoryEntry[]>();
  const [f, setF] = useState({
    name: '',
    shortName: '',
    bodyKind: 'verwaltungsgemeinschaft',
    slug: '',
    host: '',
    street: '',
    postalCode: '',
    city: '',
    email: '',
    phone: '',
    colour: '',
    representative: '',
    supervisory: '',
    adminUsername: '',
    adminName: '',
    adminEmail: '',
  });
  const [joined115, setJoined115] = useState<string[]>([]);
  const [members, setMembers] = useState<Member[]>([]);
  const [lead, setLead] = useState('');
  const [manual, setManual] = useState({ ags: '', name: '', postalCode: '' });
  const [logo, setLogo] = useState<File | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [done, setDone] = useState<{ name: string; username: string; password: string }>();
  const [busy, setBusy] = useState(false);
  usePageTitle(t('onboardTitle'), errors.length > 0 || !!general);

  useEffect(() => {
    void get<{ loaded: boolean }>('/api/operator/directory').then((s) => setDirectoryLoaded(s.loaded));
  }, []);

  const set = (key: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [key]: e.target.value });

  async function search(e: FormEvent) {
    e.preventDefault();
    if (query.trim().length < 2) return;
    const r = await get<{ results: DirectoryEntry[] }>(
      `/api/operator/directory/search?q=${encodeURIComponent(query.trim())}`,
    );
    setResults(r.results);
  }

  async function take(entry: DirectoryEntry) {
    const p = await get<Proposal>(`/api/operator/directory/${entry.ags}/proposal`);
    const leadEntry = p.municipalities.find((m) => m.ags === p.leadMunicipalityAgs) ?? p.municipalities[0]!;
    const town = plainName(leadEntry.name);
    const kindLabel = t(`kind_${p.bodyKind}`);
    const name =
      p.bodyKind === 'stadt' || p.bodyKind === 'einheitsgemeinde'
        ? `${kindLabel} ${town}`
        : `${kindLabel} ${plainName(p.name)}`;
    setF({
      ...f,
      name,
      shortName:
        p.bodyKind === 'stadt'
          ? `${kindLabel} ${town}`
          : `${kindLabel.slice(0, 2) === 'Ve' ? 'VG' : kindLabel} ${town}`,
      bodyKind: p.bodyKind,
      slug: slugify(town),
      postalCode: leadEntry.postalCode ?? '',
      city: town,
    });
    setMembers(
      p.municipalities
        .filter((m) => !m.takenBy)
        .map((m) => ({ ags: m.ags, name: m.name, postalCode: m.postalCode ?? '', villages: '' })),
    );
    setLead(p.leadMunicipalityAgs);
    setResults(undefined);
  }

  function addManual(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (!/^[0-9]{8}$/.test(manual.ags)) local.push({ fieldId: 'ob-manual-ags', message: t('agsInvalid') });
    if (!manual.name.trim())
      local.push({ fieldId: 'ob-manual-name', message: t('required', { field: t('municipalityName') }) });
    if (!/^[0-9]{5}$/.test(manual.postalCode))
      local.push({ fieldId: 'ob-manual-postal', message: t('postalInvalid') });
    setErrors(local);
    if (local.length) return;
    setMembers([
      ...members.filter((m) => m.ags !== manual.ags),
      { ...manual, name: manual.name.trim(), villages: '' },
    ]);
    if (!lead) setLead(manual.ags);
    setManual({ ags: '', name: '', postalCode: '' });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const local: FormError[] = [];
    const need: Array<[keyof typeof f, string, string]> = [
      ['name', 'ob-name', t('name')],
      ['shortName', 'ob-short', t('shortName')],
      ['slug', 'ob-slug', t('slug')],
      ['street', 'ob-street', t('street')],
      ['postalCode', 'ob-postal', t('postalCode')],
      ['city', 'ob-city', t('city')],
      ['representative', 'ob-representative', t('representative')],
      ['adminUsername', 'ob-admin-username', t('adminUsername')],
      ['adminName', 'ob-admin-name', t('adminName')],
    ];
    for (const [key, id, label] of need) {
      if (!f[key].trim()) local.push({ fieldId: id, message: t('required', { field: label }) });
    }
    if (members.length === 0) local.push({ fieldId: 'ob-manual-ags', message: t('membersMissing') });
    setErrors(local);
    if (local.length) return;
    setBusy(true);
    try {
      const opt = (v: string) => (v.trim() ? v.trim() : undefined);
      const body = {
        name: f.name.trim(),
        shortName: f.shortName.trim(),
        bodyKind: f.bodyKind,
        slug: f.slug.trim(),
        host: opt(f.host),
        street: f.street.trim(),
        postalCode: f.postalCode.trim(),
        city: f.city.trim(),
        email: opt(f.email),
        phone: opt(f.phone),
        joined115: joined115.includes('yes'),
        municipalities: members.map((m) => {
          const villages = m.villages
            .split('\n')
            .map((v) => v.trim())
            .filter(Boolean)
            .map((name, i) => ({ name, kind: i === 0 ? 'core' : 'ortsteil' }));
          return {
            ags: m.ags,
            name: m.name,
            postalCode: m.postalCode,
            ...(villages.length ? { villages } : {}),
          };
        }),
        leadMunicipalityAgs: lead || members[0]!.ags,
        branding:
          f.colour.trim() || logo
            ? {
                ...(f.colour.trim() ? { primaryColour: f.colour.trim() } : {}),
                ...(logo
                  ? {
                      logo: {
                        mediaType: logo.type === 'image/svg+xml' ? 'image/svg+xml' : 'image/png',
                        dataBase64: await fileToBase64(logo),
                      },
                    }
                  : {}),
              }
            : undefined,
        imprint: { representative: f.representative.trim(), supervisoryAuthority: opt(f.supervisory) },
        firstAdmin: {
          username: f.adminUsername.trim(),
          displayName: f.adminName.trim(),
          email: opt(f.adminEmail),
        },
      };
      const created = await post<{ firstAdmin: { username: string; oneTimePassword: string } }>(
        '/api/operator/authorities',
        body,
      );
      setDone({
        name: body.name,
        username: created.firstAdmin.username,
        password: created.firstAdmin.oneTimePassword,
      });
      window.scrollTo(0, 0);
    } catch (error) {
      const mapped = formErrorsFrom(error, FIELD_IDS, c('genericError'));
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <>
        <h1 className="kern-heading-large">{t('onboardTitle')}</h1>
        <Alert tone="success" title={t('created', { name: done.name })} role="status">
          <p className="kern-body">{t('oneTimePassword', { username: done.username })}</p>
          <p className="kern-body bk-mono" data-testid="one-time-password">
            {done.password}
          </p>
        </Alert>
        <p className="kern-body">
          <Link className="kern-link" href="/betrieb/behoerden">
            {t('toAuthorities')}
          </Link>
        </p>
      </>
    );
  }

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('onboardTitle')}</h1>
      <section aria-labelledby="ob-pick-title">
        <h2 className="kern-heading-medium" id="ob-pick-title">
          {t('pickTitle')}
        </h2>
        {directoryLoaded === false ? (
          <p className="kern-body">
            {t('noDirectory')}{' '}
            <Link className="kern-link" href="/betrieb/verzeichnis">
              {t('directoryTitle')}
            </Link>
          </p>
        ) : (
          <search>
            <form onSubmit={(e) => void search(e)} noValidate>
              <TextField
                id="ob-search"
                label={t('pickSearch')}
                hint={t('pickHint')}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
              <Button variant="secondary">{t('search')}</Button>
            </form>
          </search>
        )}
        {results && (
          <div aria-live="polite">
            <h3 className="kern-heading-small">{t('resultsTitle')}</h3>
            {results.length === 0 ? (
              <p className="kern-body">{t('noResults')}</p>
            ) : (
              <ul className="kern-list">
                {results.map((r) => (
                  <li key={r.ags}>
                    {r.name} ({r.ags}
                    {r.associationName ? `, ${r.associationName}` : ''}){' '}
                    {r.takenBy ? (
                      <span className="kern-body kern-body--small">{t('takenBy', { slug: r.takenBy })}</span>
                    ) : (
                      <Button type="button" variant="tertiary" onClick={() => void take(r)}>
                        {t('takeBody', { name: r.name, kind: r.associationKind ?? r.kind })}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>

      <section aria-labelledby="ob-members-title">
        <h2 className="kern-heading-medium" id="ob-members-title">
          {t('membersTitle')}
        </h2>
        {members.length > 0 && (
          <>
            <ul className="kern-list" id="ob-members">
              {members.map((m) => (
                <li key={m.ags}>
                  {t('memberLine', { name: m.name, ags: m.ags, postalCode: m.postalCode || '–' })}{' '}
                  <Button
                    type="button"
                    variant="tertiary"
                    onClick={() => setMembers(members.filter((x) => x.ags !== m.ags))}
                  >
                    {t('remove', { name: m.name })}
                  </Button>
                  <TextArea
                    id={`ob-villages-${m.ags}`}
                    label={t('villages', { name: m.name })}
                    hint={t('villagesHint')}
                    optional
                    rows={3}
                    value={m.villages}
                    onChange={(e) =>
                      setMembers(
                        members.map((x) => (x.ags === m.ags ? { ...x, villages: e.target.value } : x)),
                      )
                    }
                  />
                </li>
              ))}
            </ul>
            <SelectField
              id="ob-lead"
              label={t('lead')}
              value={lead}
              error={errorFor(errors, 'ob-lead')}
              options={members.map((m) => ({ value: m.ags, label: m.name }))}
              onChange={(e) => setLead(e.target.value)}
            />
          </>
        )}
        <form onSubmit={addManual} noValidate>
          <h3 className="kern-heading-small">{t('addManualTitle')}</h3>
          <TextField
            id="ob-manual-ags"
            label={t('ags')}
            inputMode="numeric"
            width={10}
            value={manual.ags}
            error={errorFor(errors, 'ob-manual-ags')}
            onChange={(e) => setManual({ ...manual, ags: e.target.value.trim() })}
          />
          <TextField
            id="ob-manual-name"
            label={t('municipalityName')}
            value={manual.name}
            error={errorFor(errors, 'ob-manual-name')}
            onChange={(e) => setManual({ ...manual, name: e.target.value })}
          />
          <TextField
            id="ob-manual-postal"
            label={t('postalCode')}
            inputMode="numeric"
            width={4}
            value={manual.postalCode}
            error={errorFor(errors, 'ob-manual-postal')}
            onChange={(e) => setManual({ ...manual, postalCode: e.target.value.trim() })}
          />
          <Button variant="secondary">{t('addMunicipality')}</Button>
        </form>
      </section>

      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 className="kern-heading-medium">{t('basicsTitle')}</h2>
        <TextField
          id="ob-name"
          label={t('name')}
          value={f.name}
          error={errorFor(errors, 'ob-name')}
          onChange={set('name')}
        />
        <TextField
          id="ob-short"
          label={t('shortName')}
          value={f.shortName}
          error={errorFor(errors, 'ob-short')}
          onChange={set('shortName')}
        />
        <SelectField
          id="ob-kind"
          label={t('bodyKind')}
          value={f.bodyKind}
          error={errorFor(errors, 'ob-kind')}
          options={BODY_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))}
          onChange={set('bodyKind')}
        />
        <TextField
          id="ob-slug"
          label={t('slug')}
          hint={t('slugHint', { slug: f.slug || '…' })}
          value={f.slug}
          autoCapitalize="none"
          spellCheck={false}
          error={errorFor(errors, 'ob-slug')}
          onChange={set('slug')}
        />
        <TextField
          id="ob-host"
          label={t('host')}
          hint={t('hostHint')}
          optional
          value={f.host}
          autoCapitalize="none"
          spellCheck={false}
          error={errorFor(errors, 'ob-host')}
          onChange={set('host')}
        />
        <TextField
          id="ob-street"
          label={t('street')}
          autoComplete="street-address"
          value={f.street}
          error={errorFor(errors, 'ob-street')}
          onChange={set('street')}
        />
        <TextField
          id="ob-postal"
          label={t('postalCode')}
          inputMode="numeric"
          width={4}
          value={f.postalCode}
          error={errorFor(errors, 'ob-postal')}
          onChange={set('postalCode')}
        />
        <TextField
          id="ob-city"
          label={t('city')}
          value={f.city}
          error={errorFor(errors, 'ob-city')}
          onChange={set('city')}
        />
        <TextField
          id="ob-email"
          label={t('email')}
          type="email"
          optional
          value={f.email}
          error={errorFor(errors, 'ob-email')}
          onChange={set('email')}
        />
        <TextField
          id="ob-phone"
          label={t('phone')}
          type="tel"
          optional
          value={f.phone}
          error={errorFor(errors, 'ob-phone')}
          onChange={set('phone')}
        />
        <ChoiceGroup
          id="ob-115"
          legend={t('service115')}
          type="checkbox"
          name="joined115"
          options={[{ value: 'yes', label: t('joined115') }]}
          value={joined115}
          onChange={setJoined115}
          optional
        />
        <h2 className="kern-heading-medium">{t('lookTitle')}</h2>
        <TextField
          id="ob-colour"
          label={t('colour')}
          hint={t('colourHint')}
          optional
          width={10}
          value={f.colour}
          spellCheck={false}
          error={errorFor(errors, 'ob-colour')}
          onChange={set('colour')}
        />
        <div className={`kern-form-input${errorFor(errors, 'ob-logo') ? ' kern-form-input--error' : ''}`}>
          <label className="kern-label" htmlFor="ob-logo">
            {t('logo')} <span className="kern-label__optional">{c('optional')}</span>
          </label>
          <input
            id="ob-logo"
            type="file"
            accept="image/png,image/svg+xml"
            className="kern-form-input__input"
            onChange={(e) => setLogo(e.target.files?.[0] ?? null)}
          />
        </div>
        <TextField
          id="ob-representative"
          label={t('representative')}
          value={f.representative}
          error={errorFor(errors, 'ob-representative')}
          onChange={set('representative')}
        />
        <TextField
          id="ob-supervisory"
          label={t('supervisory')}
          optional
          value={f.supervisory}
          error={errorFor(errors, 'ob-supervisory')}
          onChange={set('supervisory')}
        />
        <h2 className="kern-heading-medium">{t('adminTitle')}</h2>
        <TextField
          id="ob-admin-username"
          label={t('adminUsername')}
          autoCapitalize="none"
          spellCheck={false}
          value={f.adminUsername}
          error={errorFor(errors, 'ob-admin-username')}
          onChange={set('adminUsername')}
        />
        <TextField
          id="ob-admin-name"
          label={t('adminName')}
          value={f.adminName}
          error={errorFor(errors, 'ob-admin-name')}
          onChange={set('adminName')}
        />
        <TextField
          id="ob-admin-email"
          label={t('adminEmail')}
          type="email"
          optional
          value={f.adminEmail}
          error={errorFor(errors, 'ob-admin-email')}
          onChange={set('adminEmail')}
        />
        <Button disabled={busy}>{t('create')}</Button>
      </form>
    </>
  );
}
