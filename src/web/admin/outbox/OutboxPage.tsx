import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { get } from '../../ui/api';
import { Loading, StatusBadge } from '../../ui/components';
import { Button, TextField, usePageTitle } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { outboxMessages } from './messages';
import './outbox.css';

interface Item {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  status: 'queued' | 'sent' | 'stored' | 'failed';
  lastError: string | null;
  createdAt: string;
}
interface Message extends Item {
  textBody: string;
  attachments: { index: number; filename: string; contentType: string; size: number }[];
}

/** /admin/postausgang: what the citizens were sent (or would have been, without SMTP). */
export default function OutboxPage() {
  const t = useT(outboxMessages);
  const f = useFormat();
  const [items, setItems] = useState<Item[] | null>(null);
  const [recipient, setRecipient] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Message | null>(null);
  usePageTitle(t('title'));
  const load = useCallback(
    async (before?: string) => {
      const q = new URLSearchParams({ limit: '50' });
      if (query) q.set('recipient', query);
      if (before) q.set('before', before);
      const r = await get<{ messages: Item[] }>(`/api/notify/outbox?${q}`);
      setItems((current) => (before ? [...(current ?? []), ...r.messages] : r.messages));
    },
    [query],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function show(id: string) {
    setOpen(await get<Message>(`/api/notify/outbox/${id}`));
    window.setTimeout(() => document.getElementById('outbox-message')?.focus(), 0);
  }

  const badge = (status: Item['status']) => (
    <StatusBadge
      tone={
        status === 'sent'
          ? 'success'
          : status === 'failed'
            ? 'danger'
            : status === 'stored'
              ? 'info'
              : 'warning'
      }
    >
      {t(`status_${status}`)}
    </StatusBadge>
  );

  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      <form
        className="bk-actions"
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setQuery(recipient.trim());
        }}
      >
        <TextField
          id="outbox-recipient"
          label={t('recipient')}
          value={recipient}
          onChange={(e) => setRecipient(e.target.value)}
        />
        <Button variant="secondary">{t('filter')}</Button>
      </form>
      {open && (
        <section
          id="outbox-message"
          tabIndex={-1}
          aria-labelledby="outbox-message-title"
          className="bk-day"
          data-testid="outbox-message"
        >
          <h2 className="kern-heading-medium" id="outbox-message-title">
            {open.subject}
          </h2>
          <p className="kern-body">
            {open.recipient} · {f.dateTime(open.createdAt)} · {badge(open.status)}
          </p>
          {open.lastError && <p className="kern-body">{t('lastError', { error: open.lastError })}</p>}
          <pre className="bk-mail-text" data-testid="outbox-text">
            {open.textBody}
          </pre>
          {open.attachments.length > 0 && (
            <>
              <h3 className="kern-heading-small">{t('attachments')}</h3>
              <ul className="kern-list">
                {open.attachments.map((a) => (
                  <li key={a.index}>
                    <a className="kern-link" href={`/api/notify/outbox/${open.id}/attachments/${a.index}`}>
                      {t('attachment', { filename: a.filename, size: a.size })}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
          <Button type="button" variant="secondary" onClick={() => setOpen(null)}>
            {t('close')}
          </Button>
        </section>
      )}
      {!items && <Loading />}
      {items && items.length === 0 && <p className="kern-body">{t('none')}</p>}
      {items && items.length > 0 && (
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped">
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th className="kern-table__cell" scope="col">
                  {t('colCreated')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colRecipient')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colSubject')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colChannel')}
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
              {items.map((m) => (
                <tr className="kern-table__row" key={m.id}>
                  <td className="kern-table__cell">{f.dateTime(m.createdAt)}</td>
                  <td className="kern-table__cell">{m.recipient}</td>
                  <td className="kern-table__cell">{m.subject}</td>
                  <td className="kern-table__cell">{m.channel === 'email' ? t('email') : t('sms')}</td>
                  <td className="kern-table__cell">{badge(m.status)}</td>
                  <td className="kern-table__cell">
                    <Button
                      type="button"
                      variant="tertiary"
                      onClick={() => void show(m.id)}
                      aria-label={t('showSubject', { subject: m.subject })}
                    >
                      {t('show')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items && items.length >= 50 && (
        <Button type="button" variant="secondary" onClick={() => void load(items.at(-1)!.id)}>
          {t('more')}
        </Button>
      )}
    </>
  );
}
