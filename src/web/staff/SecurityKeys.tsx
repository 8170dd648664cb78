import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Alert } from '../ui/components';
import {
  Button,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextField,
  usePageTitle,
} from '../ui/forms';
import { type Translate, useFormat, useT } from '../ui/i18n';
import { common } from '../ui/messages';
import { useSession } from '../ui/session';
import {
  enrolSecurityKey,
  KeyCeremonyFailed,
  ownSecurityKeys,
  removeOwnSecurityKey,
  type SecurityKey,
  type StageAnswer,
} from '../ui/webauthn';
import { staffMessages } from './messages';

/** The message for a failed key ceremony, or the API's own. */
export function keyErrorMessage(
  error: unknown,
  t: Translate<'keyAlreadyRegistered' | 'keyUnsupported' | 'keyCancelled'>,
  generic: string,
): string {
  if (error instanceof KeyCeremonyFailed) {
    if (error.reason === 'alreadyRegistered') return t('keyAlreadyRegistered');
    if (error.reason === 'unsupported') return t('keyUnsupported');
    return t('keyCancelled');
  }
  return formErrorsFrom(error, {}, generic).general ?? generic;
}

/** Name the key, then let the browser create it. Used on the account page and at a required enrolment. */
function AddKeyForm({
  onAdded,
  idPrefix,
  pageTitle,
}: {
  onAdded(answer: StageAnswer & { key: SecurityKey }): void;
  idPrefix: string;
  /** The page's title: with errors in this form it starts with "Fehler: ". */
  pageTitle: string;
}) {
  const t = useT(staffMessages);
  const c = useT(common);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fieldId = `${idPrefix}-key-name`;
  usePageTitle(pageTitle, errors.length > 0 || !!general);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setGeneral(undefined);
    if (!name.trim()) {
      setErrors([{ fieldId, message: t('keyNameMissing') }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const answer = await enrolSecurityKey(name.trim());
      setName('');
      onAdded(answer);
    } catch (error) {
      const mapped = formErrorsFrom(error, { '/name': fieldId }, c('genericError'));
      if (mapped.errors.length > 0) setErrors(mapped.errors);
      else setGeneral(keyErrorMessage(error, t, c('genericError')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <form className="bk-form" onSubmit={submit} noValidate>
        <TextField
          id={fieldId}
          label={t('keyName')}
          hint={t('keyNameHint')}
          value={name}
          maxLength={60}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
          error={errorFor(errors, fieldId)}
        />
        <div className="bk-actions">
          <Button aria-busy={busy}>{t('addKey')}</Button>
        </div>
      </form>
    </>
  );
}

/** Account page: the own keys, adding one, removing one. */
export function SecurityKeysSection() {
  const t = useT(staffMessages);
  const c = useT(common);
  const f = useFormat();
  const { session, refresh } = useSession();
  const [keys, setKeys] = useState<SecurityKey[]>();
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const load = useCallback(() => ownSecurityKeys().then(setKeys), []);
  useEffect(() => {
    void load().catch(() => setKeys([]));
  }, [load]);

  async function remove(key: SecurityKey) {
    setNotice(undefined);
    setProblem(undefined);
    try {
      await removeOwnSecurityKey(key.id);
      setNotice(t('keyRemoved', { name: key.name }));
      await load();
      void refresh();
    } catch (error) {
      setProblem(keyErrorMessage(error, t, c('genericError')));
    }
  }

  return (
    <section aria-labelledby="keys-title">
      <h2 className="kern-heading-medium" id="keys-title">
        {t('keysTitle')}
      </h2>
      <p className="kern-body">{t('keysLead')}</p>
      {session?.user.securityKeyRequired && <Alert tone="info" title={t('keysRequired')} />}
      <div aria-live="polite">
        {notice && <Alert tone="success" title={notice} role="status" />}
        {problem && <Alert tone="danger" title={problem} role="alert" />}
      </div>
      {keys && keys.length === 0 && <p className="kern-body">{t('keysNone')}</p>}
      {keys && keys.length > 0 && (
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped" data-testid="own-keys">
            <caption className="kern-title">{t('keysCaption')}</caption>
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
                  {t('colKeyActions')}
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
                    <Button type="button" variant="tertiary" onClick={() => void remove(k)}>
                      {t('removeKey', { name: k.name })}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddKeyForm
        idPrefix="account"
        pageTitle={t('accountTitle')}
        onAdded={(answer) => {
          setProblem(undefined);
          setNotice(t('keyAdded', { name: answer.key.name }));
          void load();
          void refresh();
        }}
      />
    </section>
  );
}

/** Sign-in stage key_enrolment_required: the authority requires a key and the account has none. */
export function SecurityKeyEnrolment({ onDone }: { onDone(): void }) {
  const t = useT(staffMessages);
  return (
    <>
      <h1 className="kern-heading-large">{t('keyEnrolTitle')}</h1>
      <p className="kern-body">{t('keyEnrolLead')}</p>
      <AddKeyForm idPrefix="enrol" pageTitle={t('keyEnrolTitle')} onAdded={() => onDone()} />
    </>
  );
}
