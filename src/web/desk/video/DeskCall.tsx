import { useCallback, useEffect, useState } from 'react';
import type { ServerMessage } from '../../../core/video/protocol';
import { ApiError, get, post } from '../../ui/api';
import { Alert } from '../../ui/components';
import { Button, SelectField, TextField, usePageTitle } from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
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
import { FormPushPanel } from './FormPushPanel';
import { deskVideoMessages } from './messages';

export interface CallDetail {
  id: string;
  status: 'waiting' | 'active' | 'ended';
  kind: 'walk_in' | 'booked';
  locationName: string;
  locale: 'de' | 'en';
  requestedAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  outcome: string | null;
  images: { id: string; sha256: string; mediaType: string; at: string }[];
  case: { id: string; number: string; accessCode: string } | null;
}

/** The clerk's side of one call (#11). */
export function DeskCall({ callId, onClose }: { callId: string; onClose(): void }) {
  const t = useT(deskVideoMessages);
  const v = useT(videoMessages);
  const [detail, setDetail] = useState<CallDetail | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [mediaFailed, setMediaFailed] = useState(false);
  const [received, setReceived] = useState<Extract<ServerMessage, { type: 'form.submit' }> | null>(null);
  const [endedHere, setEndedHere] = useState<string | null>(null);

  const reload = useCallback(() => {
    get<CallDetail>(`/api/video/calls/${callId}`)
      .then(setDetail)
      .catch(() => {});
  }, [callId]);
  useEffect(reload, [reload]);

  useEffect(() => {
    let current: MediaStream | null = null;
    let alive = true;
    openLocalMedia()
      .then((s) => {
        if (!alive) return stopStream(s);
        current = s;
        setStream(s);
      })
      .catch(() => {
        // Without camera and microphone the clerk still sees, hears and writes (receive only).
        setMediaFailed(true);
        setStream(new MediaStream());
      });
    return () => {
      alive = false;
      stopStream(current);
    };
  }, []);

  const onMessage = useCallback(
    (m: ServerMessage) => {
      if (m.type === 'image') reload();
      if (m.type === 'form.submit') setReceived(m);
    },
    [reload],
  );
  const c = useCall({ path: `/api/video/calls/${callId}/socket?as=clerk`, localStream: stream, onMessage });

  const location = detail?.locationName ?? '';
  const ended = endedHere !== null || c.state === 'ended' || detail?.status === 'ended';
  usePageTitle(ended ? t('endedTitle') : t('callTitle', { location }));

  async function hangUp() {
    c.leave();
    try {
      const r = await post<{ outcome: string }>(`/api/video/calls/${callId}/end`);
      setEndedHere(r.outcome);
    } catch {
      setEndedHere('advice');
    }
    stopStream(stream);
  }

  if (ended) {
    const outcome = endedHere ?? c.outcome ?? detail?.outcome ?? 'advice';
    return (
      <>
        <h1 className="kern-heading-large" data-testid="desk-call-ended">
          {t('endedTitle')}
        </h1>
        <p className="kern-body">
          {t(`outcome_${outcome as 'advice' | 'case' | 'abandoned' | 'connection_lost'}`)}
        </p>
        {detail?.case && (
          <p className="kern-body">
            <a
              className="kern-link"
              href={`/desk/vorgaenge/${detail.case.id}`}
              target="_blank"
              rel="noopener"
            >
              {t('openCase', { number: detail.case.number })}
            </a>
          </p>
        )}
        <Button type="button" onClick={onClose}>
          {t('backToList')}
        </Button>
      </>
    );
  }

  return (
    <>
      <h1 className="kern-heading-large" data-testid="desk-call">
        {t('callTitle', { location })}
      </h1>
      {mediaFailed && <Alert tone="warning" title={v('cameraProblem')} />}
      {c.state === 'lost' && (
        <Alert tone="warning" title={t('callLost')} role="alert">
          <Button type="button" onClick={c.reconnect}>
            {t('reconnect')}
          </Button>
        </Alert>
      )}
      {c.state !== 'lost' && !c.peers.some((p) => p.role === 'terminal') && (
        <p className="kern-body" role="status">
          {t('callWaitingForTerminal')}
        </p>
      )}
      <div className="bk-call">
        <div className="bk-call__main">
          <RemoteStage peers={c.peers} captions={c.chat} />
          <CallControls
            audio={c.audio}
            video={c.video}
            onToggleAudio={c.toggleAudio}
            onToggleVideo={c.toggleVideo}
            onHangUp={() => void hangUp()}
          />
          <FormPushPanel
            callId={callId}
            send={c.send}
            received={received}
            onCaptured={reload}
            existingCase={detail?.case ?? null}
          />
          <CallImages images={detail?.images ?? []} />
        </div>
        <div className="bk-call__side">
          <VideoTile
            stream={stream}
            label={c.video ? v('ownVideo') : v('ownVideoOff')}
            muted
            mirrored
            testId="own-video"
            className="bk-video-tile--own"
          />
          <ChatPanel lines={c.chat} onSend={c.sendChat} />
          <InvitePanel callId={callId} />
        </div>
      </div>
    </>
  );
}

/** Pictures the terminal's document camera sent; read through the audited attachment route. */
function CallImages({ images }: { images: CallDetail['images'] }) {
  const t = useT(deskVideoMessages);
  const f = useFormat();
  return (
    <section className="bk-call-panel" aria-labelledby="call-images-title" data-testid="call-images">
      <h2 className="kern-heading-small" id="call-images-title">
        {t('imagesTitle')}
      </h2>
      {images.length === 0 ? (
        <p className="kern-body">{t('imagesNone')}</p>
      ) : (
        <ul className="bk-call-images">
          {images.map((img) => (
            <li key={img.id}>
              <AttachmentImage sha256={img.sha256} alt={t('imageAlt', { time: f.time(img.at) })} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AttachmentImage({ sha256, alt }: { sha256: string; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let alive = true;
    fetch(`/api/attachments/${sha256}`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.blob() : null))
      .then((blob) => {
        if (!blob || !alive) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => {});
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [sha256]);
  return url ? <img src={url} alt={alt} data-testid="call-image" /> : null;
}

/** A single-use link for an interpreter or a colleague who joins in a browser. */
function InvitePanel({ callId }: { callId: string }) {
  const t = useT(deskVideoMessages);
  const f = useFormat();
  const [kind, setKind] = useState<'interpreter' | 'colleague'>('interpreter');
  const [invite, setInvite] = useState<{ url: string; expiresAt: string } | null>(null);
  const [failure, setFailure] = useState<string>();
  async function create() {
    setFailure(undefined);
    try {
      setInvite(await post(`/api/video/calls/${callId}/invites`, { guestKind: kind }));
    } catch (error) {
      setFailure(error instanceof ApiError ? error.detail : String(error));
    }
  }
  return (
    <section className="bk-call-panel" aria-labelledby="invite-title">
      <h2 className="kern-heading-small" id="invite-title">
        {t('inviteTitle')}
      </h2>
      <SelectField
        id="invite-kind"
        label={t('inviteKind')}
        options={[
          { value: 'interpreter', label: t('invite_interpreter') },
          { value: 'colleague', label: t('invite_colleague') },
        ]}
        value={kind}
        onChange={(e) => setKind(e.target.value as 'interpreter' | 'colleague')}
      />
      <div className="bk-actions">
        <Button type="button" variant="secondary" onClick={() => void create()} data-testid="invite-create">
          {t('inviteCreate')}
        </Button>
      </div>
      {failure && <Alert tone="danger" title={failure} role="alert" />}
      {invite && (
        <TextField
          id="invite-url"
          label={t('inviteLink', { time: f.time(invite.expiresAt) })}
          hint={t('inviteHint')}
          value={invite.url}
          readOnly
          className="bk-invite-link"
          data-testid="invite-url"
          onFocus={(e) => e.target.select()}
        />
      )}
    </section>
  );
}
