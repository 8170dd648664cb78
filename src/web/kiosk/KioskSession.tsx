import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../ui/i18n';
import { kioskKeptAwake, onKioskAwakeChange, wipeKioskSession } from '../ui/kiosk-wipe';
import { kioskMessages } from './messages';

/** The server's settings (KIOSK_IDLE_SECONDS, KIOSK_COUNTDOWN_SECONDS), from the page's meta tags. */
export function kioskTimings(doc: Document = document): { idleSeconds: number; countdownSeconds: number } {
  const read = (name: string, fallback: number) => {
    const value = Number(doc.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    idleSeconds: read('bk-kiosk-idle-seconds', 60),
    countdownSeconds: read('bk-kiosk-countdown-seconds', 30),
  };
}

const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/**
 * The terminal's guard against a walked-away visitor (#10 point 7): after `idleSeconds` without
 * input a dialog asks "Sind Sie noch da?" and counts down, visible and announced (aria-live at
 * the start and the last seconds); "Weiter" keeps everything, no answer wipes the visit
 * (wipeKioskSession). "Fertig" in the header wipes at once.
 */
export function KioskSession({ children }: { children: ReactNode }) {
  const t = useT(kioskMessages);
  const [{ idleSeconds, countdownSeconds }] = useState(() => kioskTimings());
  const [remaining, setRemaining] = useState<number | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const idleTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const wiping = useRef(false);

  const wipe = useCallback(() => {
    if (wiping.current) return;
    wiping.current = true;
    void wipeKioskSession();
  }, []);

  const restartIdle = useCallback(() => {
    clearTimeout(idleTimer.current);
    // A video call holds the terminal awake (keepKioskAwake): no countdown while it lasts.
    if (kioskKeptAwake()) return;
    idleTimer.current = setTimeout(() => setRemaining(countdownSeconds), idleSeconds * 1000);
  }, [idleSeconds, countdownSeconds]);

  // Any input while no countdown runs starts the idle time afresh. A fresh start page that nobody
  // has touched yet has nothing to protect: the clock starts with the first input.
  const touched = useRef(false);
  useEffect(
    () =>
      onKioskAwakeChange(() => {
        if (kioskKeptAwake()) {
          clearTimeout(idleTimer.current);
          setRemaining(null);
        } else if (touched.current) restartIdle();
      }),
    [restartIdle],
  );
  useEffect(() => {
    if (remaining !== null) return;
    if (touched.current) restartIdle();
    const onActivity = () => {
      touched.current = true;
      restartIdle();
    };
    for (const type of ACTIVITY) window.addEventListener(type, onActivity, { capture: true, passive: true });
    return () => {
      clearTimeout(idleTimer.current);
      for (const type of ACTIVITY) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, [remaining, restartIdle]);

  // The countdown: one tick a second, then the wipe.
  useEffect(() => {
    if (remaining === null) return;
    if (remaining <= 0) {
      wipe();
      return;
    }
    const tick = setTimeout(() => setRemaining((r) => (r === null ? null : r - 1)), 1000);
    return () => clearTimeout(tick);
  }, [remaining, wipe]);

  const open = remaining !== null;
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  const keepGoing = () => setRemaining(null);
  // Announce when the question appears and in the last five seconds, not every second.
  const announce =
    remaining === null
      ? ''
      : remaining === countdownSeconds || remaining <= 5
        ? t('countdownText', { seconds: remaining })
        : null;
  const lastAnnouncement = useRef('');
  if (announce !== null) lastAnnouncement.current = announce;

  return (
    <>
      {children}
      <dialog
        ref={dialog}
        className="kern-dialog bk-kiosk-dialog"
        aria-labelledby="kiosk-idle-title"
        aria-describedby="kiosk-idle-text"
        onCancel={(e) => {
          e.preventDefault();
          keepGoing();
        }}
        data-testid="kiosk-countdown"
      >
        {open && (
          <>
            <h2 className="kern-heading-medium" id="kiosk-idle-title">
              {t('countdownTitle')}
            </h2>
            <p className="kern-body kern-body--large" id="kiosk-idle-text">
              <span aria-hidden="true">{t('countdownText', { seconds: remaining ?? 0 })}</span>
            </p>
            <p className="bk-kiosk-dialog__count" aria-hidden="true" data-testid="kiosk-seconds">
              {remaining}
            </p>
            <div className="bk-kiosk-dialog__actions">
              <button
                type="button"
                className="kern-btn kern-btn--primary bk-kiosk-button"
                autoFocus
                onClick={keepGoing}
              >
                <span className="kern-label">{t('keepGoing')}</span>
              </button>
              <button type="button" className="kern-btn kern-btn--secondary bk-kiosk-button" onClick={wipe}>
                <span className="kern-label">{t('finishNow')}</span>
              </button>
            </div>
          </>
        )}
        <p className="bk-visually-hidden" aria-live="assertive" role="status">
          {open ? lastAnnouncement.current : ''}
        </p>
      </dialog>
    </>
  );
}

/** "Fertig": ends the visit at once, for the header of every terminal page. */
export function FinishButton() {
  const t = useT(kioskMessages);
  return (
    <button
      type="button"
      className="kern-btn kern-btn--secondary kern-btn--small"
      onClick={() => void wipeKioskSession()}
      data-testid="kiosk-finish"
    >
      <span className="kern-icon kern-icon--close kern-icon--small" aria-hidden="true" />
      <span className="kern-label">{t('finish')}</span>
    </button>
  );
}
