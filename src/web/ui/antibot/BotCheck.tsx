import 'altcha/altcha.css';
import { useEffect, useRef, useState } from 'react';
import { useLocale, useT } from '../i18n';
import { inPortal } from '../portal-base';
import { antibotMessages } from './messages';

/** The URL our server issues challenges at (ADR 33). */
const CHALLENGE_URL = '/api/antibot/challenge';
/** The algorithm of our challenges (src/server/modules/antibot/service.ts). */
const ALGORITHM = 'PBKDF2/SHA-256';
const WIDGET_KEYS = [
  'label',
  'verifying',
  'verified',
  'error',
  'expired',
  'verificationRequired',
  'waitAlert',
  'loading',
  'reload',
  'verify',
  'cancel',
] as const;

type WidgetState = 'unverified' | 'verifying' | 'verified' | 'error' | 'expired' | 'code';

interface AltchaGlobal {
  i18n: { set(language: string, strings: Record<string, string>): void };
  algorithms: Map<string, () => Worker>;
}

/** The widget without bundled styles and workers (our CSP allows no inline styles); our worker file. */
async function loadWidget(): Promise<AltchaGlobal> {
  const [, worker] = await Promise.all([import('altcha/external'), import('altcha/workers/pbkdf2?worker')]);
  const altcha = (globalThis as unknown as { $altcha: AltchaGlobal }).$altcha;
  altcha.algorithms.set(ALGORITHM, () => new worker.default());
  return altcha;
}

/**
 * The security check of a public form (#14, ADR 33): the altcha widget solves our server's
 * proof-of-work challenge in the browser (it starts by itself; the checkbox restarts it), with our
 * German/English texts, and a live region of our own announces the state to screen readers.
 * `onSolved` gets the payload for the X-Altcha header, or null; a new `round` starts a fresh check
 * (a solution is accepted once).
 */
export function BotCheck({
  id,
  error,
  round = 0,
  onSolved,
}: {
  id: string;
  error?: string | undefined;
  round?: number;
  onSolved(payload: string | null): void;
}) {
  const t = useT(antibotMessages);
  const { locale } = useLocale();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<WidgetState>('unverified');
  const solved = useRef(onSolved);
  solved.current = onSolved;

  useEffect(() => {
    let widget: HTMLElement | null = null;
    let cancelled = false;
    solved.current(null);
    setState('unverified');
    const onChange = (event: Event) => {
      const detail = (event as CustomEvent<{ state: WidgetState; payload?: string | null }>).detail;
      setState(detail.state);
      solved.current(detail.state === 'verified' && detail.payload ? detail.payload : null);
    };
    void loadWidget().then((altcha) => {
      if (cancelled || !host.current) return;
      const strings = (lang: 'de' | 'en') =>
        Object.fromEntries(WIDGET_KEYS.map((k) => [k, antibotMessages[lang][`widget_${k}`]]));
      altcha.i18n.set('de', strings('de'));
      altcha.i18n.set('en', strings('en'));
      widget = document.createElement('altcha-widget') as HTMLElement;
      widget.setAttribute('challenge', inPortal(CHALLENGE_URL));
      widget.setAttribute('language', locale);
      widget.setAttribute('auto', 'onload');
      widget.setAttribute('type', 'checkbox');
      widget.setAttribute('configuration', JSON.stringify({ hideFooter: true, hideLogo: true }));
      // Each round is a widget of its own with a fresh challenge.
      widget.dataset.round = String(round);
      widget.addEventListener('statechange', onChange);
      host.current.appendChild(widget);
    });
    return () => {
      cancelled = true;
      widget?.removeEventListener('statechange', onChange);
      widget?.remove();
    };
  }, [locale, round]);

  const status =
    state === 'verifying'
      ? t('statusVerifying')
      : state === 'verified'
        ? t('statusVerified')
        : state === 'error'
          ? t('statusError')
          : state === 'expired'
            ? t('statusExpired')
            : '';
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      className={`kern-fieldset bk-botcheck${error ? ' kern-form-input--error' : ''}`}
    >
      <legend className="kern-label">{t('title')}</legend>
      <div className="kern-hint" id={`${id}-hint`}>
        {t('hint')}
      </div>
      {error && (
        <p className="kern-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div ref={host} />
      <p className="kern-body kern-body--small" role="status" aria-live="polite">
        {status}
      </p>
    </fieldset>
  );
}
