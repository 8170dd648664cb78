import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { FormPush, ServerMessage } from '../../../core/video/protocol';
import { ApiError } from '../../ui/api';
import { Alert, BackLink } from '../../ui/components';
import { ErrorSummary, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { keepKioskAwake, onKioskWipe, wipeKioskSession } from '../../ui/kiosk-wipe';
import { useSearch } from '../../ui/router';
import {
  CallControls,
  ChatPanel,
  openLocalMedia,
  RemoteStage,
  stopStream,
  VideoTile,
} from '../../ui/video/CallView';
import { videoMessages } from '../../ui/video/messages';
import { useCall } from '../../ui/video/use-call';
import { DocumentCamera } from './DocumentCamera';
import { kioskVideoMessages } from './messages';
import { TerminalForm } from './TerminalForm';
import { hangUpCall, type StartedCall, startVideoCall, terminalStatus } from './terminal-api';

/** Seconds the "call ended" page stays before the terminal wipes itself (longer with a case number to copy). */
const ENDED_SECONDS = 15;
const ENDED_WITH_CASE_SECONDS = 60;

/**
 * /terminal/videoberatung (#11): consent in plain language (optionally with a booking number),
 * then the call — waiting, talking, a dropped network with "Erneut verbinden", the end — and
 * after the end the wipe of the terminal, as after every visit (ADR 19).
 */
export default function VideoConsultation() {
  const t = useT(kioskVideoMessages);
  const v = useT(videoMessages);
  const search = useSearch();
  const [call, setCall] = useState<StartedCall | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [booking, setBooking] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [starting, setStarting] = useState(false);
  const streamRef = useRef<MediaStream | null>(null);
  streamRef.current = stream;
  const showBooking = search.get('termin') === '1';
  usePageTitle(t('consentTitle'), errors.length > 0 || !!general);

  // Camera and microphone go off with the page, whatever ends it.
  useEffect(() => () => stopStream(streamRef.current), []);

  async function start(e: FormEvent) {
    e.preventDefault();
    setErrors([]);
    setGeneral(undefined);
    setStarting(true);
    let media: MediaStream;
    try {
      media = stream ?? (await openLocalMedia());
    } catch {
      setStarting(false);
      setGeneral(v('cameraProblem'));
      return;
    }
    setStream(media);
    try {
      setCall(await startVideoCall(booking.trim() || undefined));
    } catch (error) {
      const problem = error instanceof ApiError ? error : null;
      // A number that finds no appointment gets the registry's plain message ("check the number"),
      // not the generic message for the field's code; a too-long input keeps the field's message.
      const field =
        problem?.code === 'VIDEO_BOOKING_NOT_FOUND' ? problem.detail : problem?.field('/bookingNumber');
      if (field) setErrors([{ fieldId: 'video-booking', message: field }]);
      else setGeneral(problem?.detail || String(error));
    } finally {
      setStarting(false);
    }
  }

  if (call && stream) return <TerminalCall call={call} stream={stream} />;

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <BackLink href="/terminal" />
      <h1 className="kern-heading-x-large">{t('consentTitle')}</h1>
      <div className="kern-body kern-body--large">
        <p>{t('consentWho')}</p>
        <p>{t('consentCamera')}</p>
        <p>{t('consentRecording')}</p>
        <p>{t('consentOthers')}</p>
        <p>{t('consentStored')}</p>
        <p>{t('consentEnd')}</p>
      </div>
      <form className="bk-form" onSubmit={start} noValidate>
        {(showBooking || booking || errors.length > 0) && (
          <TextField
            id="video-booking"
            label={t('bookingNumber')}
            hint={t('bookingNumberHint')}
            optional
            large
            autoComplete="off"
            value={booking}
            error={errors.find((x) => x.fieldId === 'video-booking')?.message}
            onChange={(e) => setBooking(e.target.value)}
          />
        )}
        <div className="bk-actions">
          <button
            type="submit"
            className="kern-btn kern-btn--primary bk-kiosk-button"
            data-testid="video-consent"
          >
            <span className="kern-label">{t('consentStart')}</span>
          </button>
        </div>
        {starting && (
          <p className="kern-body" role="status">
            {t('starting')}
          </p>
        )}
      </form>
    </>
  );
}

function TerminalCall({ call, stream }: { call: StartedCall; stream: MediaStream }) {
  const t = useT(kioskVideoMessages);
  const v = useT(videoMessages);
  const [form, setForm] = useState<FormPush | null>(null);
  const [withdrawn, setWithdrawn] = useState(false);
  const [caseInfo, setCaseInfo] = useState<{ number: string; accessCode: string } | null>(null);
  const [showDocument, setShowDocument] = useState(false);
  const [phone, setPhone] = useState<string | null>(null);
  const hungUp = useRef(false);
  const [hungUpHere, setHungUpHere] = useState(false);
  const [formErrors, setFormErrors] = useState(false);
  const [chatErrors, setChatErrors] = useState(false);

  const onMessage = useCallback((m: ServerMessage) => {
    if (m.type === 'form.push') {
      setForm(m.form);
      setWithdrawn(false);
    } else if (m.type === 'form.withdraw') {
      setForm((f) => (f?.pushId === m.pushId ? null : f));
      setWithdrawn(true);
    } else if (m.type === 'case') setCaseInfo({ number: m.number, accessCode: m.accessCode });
  }, []);
  const c = useCall({
    path: `/api/video/calls/${call.callId}/socket?as=terminal`,
    token: call.token,
    localStream: stream,
    onMessage,
  });

  // No "Sind Sie noch da?" while waiting or talking; the wipe hangs up.
  useEffect(() => keepKioskAwake(), []);
  useEffect(
    () =>
      onKioskWipe(async () => {
        if (!hungUp.current) await hangUpCall(call, true);
        stopStream(stream);
      }),
    [call, stream],
  );
  useEffect(() => {
    terminalStatus()
      .then((s) => setPhone(s.phone))
      .catch(() => {});
  }, []);

  const hangUp = () => {
    hungUp.current = true;
    setHungUpHere(true);
    c.leave();
    void hangUpCall(call);
  };
  const finish = () => void wipeKioskSession();

  const ended = hungUpHere || c.state === 'ended' || c.state === 'refused';
  const title = hungUpHere
    ? t('endedTitle')
    : c.state === 'lost'
      ? t('lostTitle')
      : c.state === 'ended'
        ? t('endedTitle')
        : c.state === 'refused'
          ? t('refusedTitle')
          : c.status === 'active'
            ? t('callTitle')
            : t('waitingTitle');
  usePageTitle(title, !ended && (formErrors || chatErrors));

  if (ended)
    return (
      <EndedPage
        title={title}
        caseInfo={caseInfo}
        refused={!hungUpHere && c.state === 'refused'}
        onDone={finish}
      />
    );

  if (c.state === 'lost') {
    return (
      <>
        <h1 className="kern-heading-x-large" data-testid="video-lost">
          {t('lostTitle')}
        </h1>
        <p className="kern-body kern-body--large">{t('lostText')}</p>
        {phone && <p className="kern-body kern-body--large">{t('lostPhone', { phone })}</p>}
        <div className="bk-actions">
          <button
            type="button"
            className="kern-btn kern-btn--primary bk-kiosk-button"
            onClick={c.reconnect}
            data-testid="video-reconnect"
          >
            <span className="kern-label">{t('reconnect')}</span>
          </button>
          <button type="button" className="kern-btn kern-btn--secondary bk-kiosk-button" onClick={hangUp}>
            <span className="kern-label">{t('finishCall')}</span>
          </button>
        </div>
      </>
    );
  }

  const clerkHere = c.peers.some((p) => p.role === 'clerk');
  const own = (
    <VideoTile
      stream={stream}
      label={c.video ? v('ownVideo') : v('ownVideoOff')}
      muted
      mirrored
      testId="own-video"
      className="bk-video-tile--own"
    />
  );

  if (c.status !== 'active') {
    return (
      <>
        <h1 className="kern-heading-x-large" data-testid="video-waiting">
          {t('waitingTitle')}
        </h1>
        <p className="kern-body kern-body--large" role="status">
          {call.kind === 'booked' ? t('waitingBooked') : t('waitingText')}
        </p>
        {own}
        <div className="bk-actions">
          <button
            type="button"
            className="kern-btn kern-btn--primary bk-kiosk-button bk-call-button--hangup"
            onClick={hangUp}
            data-testid="hang-up"
          >
            <span className="kern-label">{v('hangUp')}</span>
          </button>
        </div>
      </>
    );
  }

  return (
    <>
      <h1 className="kern-heading-large" data-testid="video-call">
        {t('callTitle')}
      </h1>
      {!clerkHere && c.state === 'open' && <Alert tone="info" title={t('clerkGone')} role="status" />}
      <div className="bk-call">
        <div className="bk-call__main">
          <RemoteStage peers={c.peers} captions={c.chat} />
          <CallControls
            audio={c.audio}
            video={c.video}
            onToggleAudio={c.toggleAudio}
            onToggleVideo={c.toggleVideo}
            onHangUp={hangUp}
          >
            <button
              type="button"
              className="kern-btn kern-btn--secondary bk-call-button"
              aria-expanded={showDocument}
              onClick={() => setShowDocument((s) => !s)}
              data-testid="show-document"
            >
              <span className="kern-label">{showDocument ? t('hideDocument') : t('showDocument')}</span>
            </button>
          </CallControls>
          {showDocument && <DocumentCamera call={call} />}
          {caseInfo && <CaseInfo caseInfo={caseInfo} />}
          {form && !caseInfo && (
            <TerminalForm
              key={form.pushId}
              call={call}
              push={form}
              onSubmit={(data) => c.send({ type: 'form.submit', pushId: form.pushId, data })}
              onErrors={setFormErrors}
            />
          )}
          {withdrawn && !form && <Alert tone="info" title={t('formWithdrawn')} role="status" />}
        </div>
        <div className="bk-call__side">
          {own}
          <ChatPanel lines={c.chat} onSend={c.sendChat} onErrors={setChatErrors} />
        </div>
      </div>
    </>
  );
}

function CaseInfo({ caseInfo }: { caseInfo: { number: string; accessCode: string } }) {
  const t = useT(kioskVideoMessages);
  return (
    <section className="bk-call-panel" aria-labelledby="video-case-title" data-testid="video-case">
      <h2 className="kern-heading-medium" id="video-case-title">
        {t('caseTitle')}
      </h2>
      <dl className="bk-facts">
        <div className="bk-facts__row">
          <dt>{t('caseNumber')}</dt>
          <dd className="bk-mono">{caseInfo.number}</dd>
        </div>
        <div className="bk-facts__row">
          <dt>{t('caseCode')}</dt>
          <dd className="bk-mono">{caseInfo.accessCode}</dd>
        </div>
      </dl>
      <p className="kern-body">{t('caseHint')}</p>
    </section>
  );
}

function EndedPage({
  title,
  caseInfo,
  refused,
  onDone,
}: {
  title: string;
  caseInfo: { number: string; accessCode: string } | null;
  refused: boolean;
  onDone(): void;
}) {
  const t = useT(kioskVideoMessages);
  const [seconds, setSeconds] = useState(caseInfo ? ENDED_WITH_CASE_SECONDS : ENDED_SECONDS);
  useEffect(() => {
    if (seconds <= 0) {
      onDone();
      return;
    }
    const timer = setTimeout(() => setSeconds((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [seconds, onDone]);
  return (
    <>
      <h1 className="kern-heading-x-large" data-testid="video-ended">
        {title}
      </h1>
      <p className="kern-body kern-body--large">{refused ? t('refusedText') : t('endedText')}</p>
      {caseInfo && <CaseInfo caseInfo={caseInfo} />}
      <p className="kern-body" aria-hidden="true">
        {t('endedCountdown', { seconds })}
      </p>
      <div className="bk-actions">
        <button
          type="button"
          className="kern-btn kern-btn--primary bk-kiosk-button"
          onClick={onDone}
          data-testid="video-done"
        >
          <span className="kern-label">{t('done')}</span>
        </button>
      </div>
    </>
  );
}
