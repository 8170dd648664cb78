import { type FormEvent, useEffect, useState } from 'react';
import type { OutboxEntry } from '../../../core/sync/sync-client';
import { Alert, StatusBadge } from '../../ui/components';
import { Button, ErrorSummary, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useLocale, useT } from '../../ui/i18n';
import { kitMessages } from '../messages';
import { useKit } from '../state/kit-context';
import { SignInPanel } from './SignInPanel';

type Key = Parameters<ReturnType<typeof useT<keyof (typeof kitMessages)['de']>>>[0];

export function commandName(t: (k: Key) => string, type: string): string {
  const key = `cmd_${type}` as Key;
  const text = t(key);
  return text === key ? type : text;
}

function resultText(entry: OutboxEntry, locale: 'de' | 'en'): string {
  const r = entry.result;
  if (!r) return '';
  if (r.outcome === 'applied') {
    return Object.entries(r.result)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  }
  return r.problem[locale];
}

function StateBadge({ entry }: { entry: OutboxEntry }) {
  const t = useT(kitMessages);
  if (entry.state === 'applied') return <StatusBadge tone="success">{t('outcomeApplied')}</StatusBadge>;
  if (entry.state === 'pending') return <StatusBadge tone="info">{t('outcomePending')}</StatusBadge>;
  if (entry.resolution) return <StatusBadge tone="info">{t('resolved')}</StatusBadge>;
  return (
    <StatusBadge tone="danger">
      {entry.state === 'rejected' ? t('outcomeRejected') : t('outcomeConflict')}
    </StatusBadge>
  );
}

function ResolveForm({ entry, onDone }: { entry: OutboxEntry; onDone(): void }) {
  const t = useT(kitMessages);
  const { store, clerk } = useKit();
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const id = `resolve-${entry.seq}`;
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!note.trim()) {
      setErrors([{ fieldId: id, message: t('resolveNoteMissing') }]);
      return;
    }
    await store!.resolve(entry.seq, { at: new Date().toISOString(), by: clerk!.userId, note: note.trim() });
    onDone();
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} />
      <TextField
        id={id}
        label={t('resolveNote')}
        hint={t('resolveNoteHint')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors[0]?.message}
      />
      <Button variant="secondary">{t('resolve')}</Button>
    </form>
  );
}

/** Sync on demand, and the inbox of rejected and conflicting commands. */
export function SyncPage() {
  const t = useT(kitMessages);
  const { locale } = useLocale();
  const { store, online, syncNow, sync, session, revision } = useKit();
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [reload, setReload] = useState(0);
  usePageTitle(t('syncTitle'));
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when data changed
  useEffect(() => {
    void store?.outboxEntries().then(setEntries);
  }, [store, revision, reload]);
  const open = entries.filter((e) => (e.state === 'rejected' || e.state === 'conflict') && !e.resolution);
  return (
    <>
      <h1 className="kern-heading-large">{t('syncTitle')}</h1>
      {!online && <Alert tone="warning" title={t('syncOffline')} />}
      {online && !session && <SignInPanel />}
      {online && session && (
        <Button type="button" onClick={() => void syncNow()} aria-busy={sync?.syncing}>
          {t('syncNow')}
        </Button>
      )}
      <h2 className="kern-heading-medium">{t('inboxTitle')}</h2>
      <p className="kern-body">{t('inboxLead')}</p>
      {open.length === 0 ? (
        <p className="kern-body" data-testid="inbox-empty">
          {t('inboxEmpty')}
        </p>
      ) : (
        <ul className="kern-list" data-testid="inbox">
          {open.map((entry) => (
            <li key={entry.seq}>
              <h3 className="kern-heading-small">
                {t('commandLine', { seq: entry.seq, type: commandName(t, entry.type) })}{' '}
                <StateBadge entry={entry} />
              </h3>
              <p className="kern-body">{resultText(entry, locale)}</p>
              <ResolveForm entry={entry} onDone={() => setReload((n) => n + 1)} />
            </li>
          ))}
        </ul>
      )}
      <h2 className="kern-heading-medium">{t('allCommands')}</h2>
      <table className="kern-table" data-testid="outbox-table">
        <thead>
          <tr>
            <th scope="col">{t('colSeq')}</th>
            <th scope="col">{t('colType')}</th>
            <th scope="col">{t('colState')}</th>
            <th scope="col">{t('colResult')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td>{entry.seq}</td>
              <td>{commandName(t, entry.type)}</td>
              <td>
                <StateBadge entry={entry} />
              </td>
              <td>{resultText(entry, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
