import { useEffect, useState } from 'react';
import { ApiError, post } from '../../ui/api';
import { Alert, Loading } from '../../ui/components';
import { Button, ErrorSummary, formErrorsFrom, usePageTitle } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { consentPageMessages } from './messages';

interface ConsentView {
  state: 'pending' | 'active' | 'expired' | 'ended';
  kind: 'confirm' | 'withdraw';
  email: string | null;
  confirmBy: string;
  endReason: string | null;
}

/**
 * The link in the confirmation mail (double opt-in) and in every invitation mail
 * (/einwilligung/<token>, #14, ADR 34): confirm the address or withdraw the consent. No sign-in;
 * the token goes to the server in request bodies, never in an API URL; both answers are
 * idempotent, so a double click or a reload shows the same result.
 */
export default function ConsentPage({ token }: { token: string }) {
  const t = useT(consentPageMessages);
  const c = useT(common);
  const f = useFormat();
  const [view, setView] = useState<ConsentView | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [justConfirmed, setJustConfirmed] = useState(false);

  useEffect(() => {
    post<ConsentView>('/api/invitations/consent', { token })
      .then(setView)
      .catch((error) => {
        if (error instanceof ApiError && (error.code === 'CONSENT_TOKEN_INVALID' || error.status === 400))
          setNotFound(true);
        else setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
      });
  }, [token, c]);

  const state = view?.state;
  const title = notFound
    ? t('notFoundTitle')
    : state === 'pending'
      ? t('confirmTitle')
      : state === 'ended'
        ? t('endedTitle')
        : state === 'expired'
          ? t('expiredTitle')
          : t('activeTitle');
  usePageTitle(title, !!general);

  if (notFound)
    return (
      <>
        <h1 className="kern-heading-large">{t('notFoundTitle')}</h1>
        <p className="kern-body">{t('notFoundText')}</p>
      </>
    );
  if (!view) return general ? <ErrorSummary errors={[]} general={general} /> : <Loading />;

  async function act(kind: 'confirm' | 'withdraw') {
    if (busy) return;
    setBusy(true);
    try {
      setView(await post<ConsentView>(`/api/invitations/consent/${kind}`, { token }));
      setJustConfirmed(kind === 'confirm');
      setGeneral(undefined);
    } catch (error) {
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
      post<ConsentView>('/api/invitations/consent', { token }).then(setView, () => undefined);
    } finally {
      setBusy(false);
    }
  }

  const email = view.email ?? '';
  return (
    <>
      <ErrorSummary errors={[]} general={general} />
      <h1 className="kern-heading-large">{title}</h1>
      <div role="status">
        {state === 'active' && justConfirmed && <Alert tone="success" title={t('confirmedText')} />}
        {state === 'ended' && (
          <Alert
            tone="success"
            title={
              view.endReason === 'withdrawn_by_citizen' || view.endReason === 'withdrawn_at_desk'
                ? t('endedText')
                : t('replacedText')
            }
          />
        )}
      </div>
      {state === 'pending' && (
        <p className="kern-body">{t('confirmText', { email, date: f.dateTime(view.confirmBy) })}</p>
      )}
      {state === 'active' && <p className="kern-body">{t('activeText', { email })}</p>}
      {state === 'expired' && <p className="kern-body">{t('expiredText')}</p>}
      {state !== 'ended' && (
        <div className="bk-actions">
          {state === 'pending' && view.kind === 'confirm' && (
            <Button type="button" onClick={() => act('confirm')} aria-disabled={busy || undefined}>
              {t('confirm')}
            </Button>
          )}
          <Button
            type="button"
            variant={state === 'pending' ? 'secondary' : 'primary'}
            onClick={() => act('withdraw')}
            aria-disabled={busy || undefined}
          >
            {state === 'pending' ? t('notMe') : t('withdraw')}
          </Button>
        </div>
      )}
      <p className="kern-body">{t('privacy')}</p>
    </>
  );
}
