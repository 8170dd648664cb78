import { type FormEvent, useEffect, useRef, useState } from 'react';
import { CHAT_MAX_LENGTH, type PeerInfo } from '../../../core/video/protocol';
import { Button, ErrorSummary, type FormError, TextField } from '../forms';
import { type Translate, useT } from '../i18n';
import type { RemotePeer } from './call-client';
import { videoMessages } from './messages';
import './video.css';

/**
 * The pieces of a call screen (#11), shared by the terminal, the clerk's desk and an invited
 * guest: video tiles, the controls (microphone, camera, hang up) and the text chat with large
 * captions on the picture. Large touch targets; everything reachable without a keyboard.
 */

type VideoKey = keyof (typeof videoMessages)['de'];

export function roleLabel(t: Translate<VideoKey>, peer: Pick<PeerInfo, 'role' | 'guestKind'>): string {
  if (peer.role === 'guest') return t(peer.guestKind === 'colleague' ? 'role_colleague' : 'role_interpreter');
  return t(peer.role === 'clerk' ? 'role_clerk' : 'role_terminal');
}

/** The camera and microphone of this device, or null with `failed` when they cannot be used. */
export async function openLocalMedia(video = true): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('no media devices');
  return navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true },
    video: video ? { width: { ideal: 1280 }, height: { ideal: 720 } } : false,
  });
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

export interface ChatLine {
  id: string;
  from: PeerInfo;
  mine: boolean;
  text: string;
  at: string;
}

/** A `<video>` bound to a stream. Remote ones play with sound; our own preview is muted. */
export function VideoTile({
  stream,
  label,
  muted,
  mirrored,
  testId,
  className,
  children,
}: {
  stream: MediaStream | null;
  label: string;
  muted?: boolean;
  mirrored?: boolean;
  testId?: string;
  className?: string;
  children?: React.ReactNode;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    if (stream) void el.play().catch(() => {});
  }, [stream]);
  return (
    <figure className={`bk-video-tile ${className ?? ''}`}>
      <video
        ref={ref}
        className={`bk-video${mirrored ? ' bk-video--mirrored' : ''}`}
        autoPlay
        playsInline
        muted={muted}
        aria-label={label}
        data-testid={testId}
      />
      <figcaption className="bk-video-tile__caption">{label}</figcaption>
      {children}
    </figure>
  );
}

/** The big picture of the other side, with the last chat line as a caption over it. */
export function RemoteStage({
  peers,
  captions,
  testIdFor,
}: {
  peers: RemotePeer[];
  captions: ChatLine[];
  testIdFor?: (peer: RemotePeer) => string;
}) {
  const t = useT(videoMessages);
  const caption = captions.at(-1);
  if (peers.length === 0) {
    return (
      <div className="bk-video-stage bk-video-stage--empty">
        <p className="kern-body kern-body--large">{t('noVideoYet')}</p>
      </div>
    );
  }
  return (
    <div className={`bk-video-stage bk-video-stage--${Math.min(peers.length, 3)}`}>
      {peers.map((p) => {
        const who = roleLabel(t, p);
        return (
          <VideoTile
            key={p.id}
            stream={p.stream}
            label={t('remoteVideo', { who })}
            testId={testIdFor?.(p) ?? `remote-video-${p.role}`}
            className="bk-video-tile--remote"
          >
            {!p.video && <p className="bk-video-tile__notice">{t('remoteVideoOff', { who })}</p>}
            {!p.audio && <p className="bk-video-tile__notice">{t('remoteMuted', { who })}</p>}
          </VideoTile>
        );
      })}
      {caption && (
        <p className="bk-video-caption" aria-hidden="true" data-testid="chat-caption">
          {t('said', { who: caption.mine ? t('you') : roleLabel(t, caption.from), text: caption.text })}
        </p>
      )}
    </div>
  );
}

export function CallControls({
  audio,
  video,
  onToggleAudio,
  onToggleVideo,
  onHangUp,
  children,
}: {
  audio: boolean;
  video: boolean;
  onToggleAudio(): void;
  onToggleVideo(): void;
  onHangUp(): void;
  children?: React.ReactNode;
}) {
  const t = useT(videoMessages);
  return (
    <section className="bk-call-controls" aria-label={t('controls')}>
      <button
        type="button"
        className="kern-btn kern-btn--secondary bk-call-button"
        aria-pressed={!audio}
        onClick={onToggleAudio}
        data-testid="toggle-audio"
      >
        <span className="kern-label">{audio ? t('mute') : t('unmute')}</span>
      </button>
      <button
        type="button"
        className="kern-btn kern-btn--secondary bk-call-button"
        aria-pressed={!video}
        onClick={onToggleVideo}
        data-testid="toggle-video"
      >
        <span className="kern-label">{video ? t('cameraOff') : t('cameraOn')}</span>
      </button>
      {children}
      <button
        type="button"
        className="kern-btn kern-btn--primary bk-call-button bk-call-button--hangup"
        onClick={onHangUp}
        data-testid="hang-up"
      >
        <span className="kern-icon kern-icon--close" aria-hidden="true" />
        <span className="kern-label">{t('hangUp')}</span>
      </button>
    </section>
  );
}

/** The text chat: a log (announced politely) and a field to write. Nothing is stored. */
export function ChatPanel({
  lines,
  onSend,
  idPrefix = 'chat',
  onErrors,
}: {
  lines: ChatLine[];
  onSend(text: string): void;
  idPrefix?: string;
  /** Whether the field shows an error (the page title then starts with "Fehler: "). */
  onErrors?(has: boolean): void;
}) {
  const t = useT(videoMessages);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  useEffect(() => onErrors?.(errors.length > 0), [errors, onErrors]);
  const logRef = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a line arrives
  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length]);
  const inputId = `${idPrefix}-text`;
  function submit(e: FormEvent) {
    e.preventDefault();
    const value = text.trim();
    if (!value) return setErrors([{ fieldId: inputId, message: t('chatMissing') }]);
    if (value.length > CHAT_MAX_LENGTH)
      return setErrors([{ fieldId: inputId, message: t('chatTooLong', { max: CHAT_MAX_LENGTH }) }]);
    setErrors([]);
    onSend(value);
    setText('');
  }
  return (
    <section className="bk-chat" aria-labelledby={`${idPrefix}-title`}>
      <h2 className="kern-heading-small" id={`${idPrefix}-title`}>
        {t('chatTitle')}
      </h2>
      <p className="kern-hint">{t('chatHint')}</p>
      {lines.length === 0 ? <p className="kern-body bk-chat__empty">{t('chatEmpty')}</p> : null}
      <div role="log" aria-live="polite" aria-label={t('chatLog')}>
        <ol className="bk-chat__log" ref={logRef}>
          {lines.map((l) => (
            <li key={l.id} className={`bk-chat__line${l.mine ? ' bk-chat__line--mine' : ''}`}>
              <span className="bk-chat__who">{l.mine ? t('you') : roleLabel(t, l.from)}</span>{' '}
              <span className="bk-chat__text">{l.text}</span>
            </li>
          ))}
        </ol>
      </div>
      <form className="bk-chat__form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <TextField
          id={inputId}
          label={t('chatLabel')}
          value={text}
          autoComplete="off"
          error={errors.find((e) => e.fieldId === inputId)?.message}
          onChange={(e) => setText(e.target.value)}
        />
        <Button>{t('chatSend')}</Button>
      </form>
    </section>
  );
}
