import { useEffect, useRef, useState } from 'react';
import { useT } from '../ui/i18n';
import { matchPath, usePath } from '../ui/router';
import { displayMessages } from './messages';
import './display.css';
import { inPortal } from '../ui/portal-base';

interface DisplayCall {
  id: string;
  code: string;
  deskLabel: string;
  kind: 'call' | 'recall';
  calledAt: string;
}
interface DisplayState {
  location: { slug: string; name: string };
  calls: DisplayCall[];
  waiting: number;
}

/** Two rising tones through WebAudio (no audio file, nothing to load; works under the strict CSP). */
function chime(ctx: AudioContext): void {
  const start = ctx.currentTime + 0.05;
  [659.25, 880].forEach((frequency, i) => {
    const at = start + i * 0.4;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.5, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.4);
  });
}

/**
 * /aufruf/<location>: the call display in the waiting room. Live over server-sent events, a chime
 * on every call, ticket numbers and desks only (never names), large and high-contrast.
 */
export default function CallDisplayApp() {
  const t = useT(displayMessages);
  const path = usePath();
  const slug = matchPath('/aufruf/:slug', path)?.slug ?? '';
  const [state, setState] = useState<DisplayState | null>(null);
  const [online, setOnline] = useState(true);
  const [notFound, setNotFound] = useState(false);
  const [flash, setFlash] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const [now, setNow] = useState(() => new Date());
  const [soundOn, setSoundOn] = useState(false);
  const audio = useRef<AudioContext | null>(null);
  const lastTop = useRef<string | null | undefined>(undefined);
  const chimes = useRef(0);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    if (state) document.title = t('title', { location: state.location.name });
  }, [state, t]);

  useEffect(() => {
    if (!slug) return;
    const source = new EventSource(inPortal(`/api/queue/display/${encodeURIComponent(slug)}/events`));
    const onCall = (call: DisplayCall) => {
      if (lastTop.current !== undefined && call.id !== lastTop.current) {
        setFlash((n) => n + 1);
        setAnnouncement(t('announce', { code: call.code, desk: call.deskLabel }));
        chimes.current++;
        root.current?.setAttribute('data-chimes', String(chimes.current));
        if (audio.current) chime(audio.current);
      }
      lastTop.current = call.id;
    };
    source.addEventListener('state', (e) => {
      const next = JSON.parse((e as MessageEvent).data) as DisplayState;
      setOnline(true);
      setState(next);
      const top = next.calls[0];
      if (top) onCall(top);
      else lastTop.current = null;
    });
    source.addEventListener('call', (e) => {
      const call = JSON.parse((e as MessageEvent).data) as DisplayCall;
      setState((s) =>
        s ? { ...s, calls: [call, ...s.calls.filter((c) => c.id !== call.id)].slice(0, 8) } : s,
      );
      onCall(call);
    });
    source.onerror = () => {
      setOnline(false);
      void fetch(inPortal(`/api/queue/display/${encodeURIComponent(slug)}`)).then(
        (r) => {
          if (r.status === 404) {
            setNotFound(true);
            source.close();
          }
        },
        () => {},
      );
    };
    return () => source.close();
  }, [slug, t]);

  function enableSound() {
    const Ctx =
      window.AudioContext ??
      (window as unknown as { webkitAudioContext: typeof AudioContext }).webkitAudioContext;
    audio.current = audio.current ?? new Ctx();
    void audio.current.resume();
    chime(audio.current);
    setSoundOn(true);
  }

  const [current, ...previous] = state?.calls ?? [];
  const time = new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    hour: '2-digit',
    minute: '2-digit',
  }).format(now);
  return (
    <div className="bk-display" ref={root} data-chimes="0">
      <header className="bk-display__header">
        <h1 className="bk-display__title">{state?.location.name ?? t('heading')}</h1>
        <span className="bk-display__clock">{time}</span>
      </header>
      <main className="bk-display__main">
        {notFound && <p className="bk-display__label">{t('notFound')}</p>}
        {!online && !notFound && (
          <p className="bk-display__offline" role="status">
            {t('offline')}
          </p>
        )}
        {current ? (
          <section
            key={flash}
            className={`bk-display__now${flash > 0 ? ' bk-display__now--flash' : ''}`}
            aria-label={t('now')}
            data-testid="current-call"
          >
            <div>
              <p className="bk-display__label">{t('ticket')}</p>
              <p className="bk-display__code" data-testid="current-code">
                {current.code}
              </p>
            </div>
            <div>
              <p className="bk-display__label">{t('to')}</p>
              <p className="bk-display__desk" data-testid="current-desk">
                {current.deskLabel}
              </p>
            </div>
          </section>
        ) : (
          state && <p className="bk-display__label">{t('nobody')}</p>
        )}
        {previous.length > 0 && (
          <section className="bk-display__previous" aria-labelledby="previous-title">
            <h2 id="previous-title">{t('previous')}</h2>
            <ul className="bk-display__list">
              {previous.slice(0, 6).map((c) => (
                <li key={c.id}>
                  {c.code} → {c.deskLabel}
                </li>
              ))}
            </ul>
          </section>
        )}
        <p className="bk-display__sr" aria-live="assertive" aria-atomic="true" data-testid="announcement">
          {announcement}
        </p>
      </main>
      <footer className="bk-display__footer">
        <span>{state ? t('waiting', { count: state.waiting }) : ''}</span>
        <span>{t('help')}</span>
        <span>
          <button type="button" className="bk-display__button" onClick={enableSound} aria-pressed={soundOn}>
            {soundOn ? t('soundIsOn') : t('soundOn')}
          </button>{' '}
          <button
            type="button"
            className="bk-display__button"
            onClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}
          >
            {t('fullscreen')}
          </button>
        </span>
      </footer>
    </div>
  );
}
