import { useEffect, useLayoutEffect, useState } from 'react';
import type { GuestKind } from '../../core/video/protocol';
import { ApiError, post } from '../ui/api';
import { Alert, NotFoundPage } from '../ui/components';
import { Button, ErrorSummary, usePageTitle } from '../ui/forms';
import { useT } from '../ui/i18n';
import { PageLayout } from '../ui/layout';
import { usePath } from '../ui/router';
import {
  CallControls,
  ChatPanel,
  openLocalMedia,
  RemoteStage,
  stopStream,
  VideoTile,
} from '../ui/video/CallView';
import { videoMessages } from '../ui/video/messages';
import { useCall } from '../ui/video/use-call';
import { guestMessages } from './messages';

interface Joined {
  callId: string;
  guestToken: string;
  guestKind: GuestKind;
}

/**
 * /videoberatung/gast#<token> (#11): an interpreter or a colleague in another office joins a
 * call in the browser. The invitation's token sits in the fragment (never sent in a request line
 * or a Referer) and is spent once; the page forgets it at once.
 */
export default function GuestApp() {
  const path = usePath();
  return <PageLayout wide>{path === '/videoberatung/gast' ? <GuestInvite /> : <NotFoundPage />}</PageLayout>;
}

function GuestInvite() {
  const t = useT(guestMessages);
  const [token] = useState(() => window.location.hash.slice(1));
  const [joined, setJoined] = useState<Joined | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [noCamera, setNoCamera] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  usePageTitle(t('title'), !!failure);

  // The token must not stay in the address bar or the history: removed in the same task that
  // shows the page (a layout effect), so nothing sees the page with the token still in the address.
  useLayoutEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }, []);

  async function join() {
    setFailure(undefined);
    if (token.length < 16) return setFailure(t('missing'));
    setBusy(true);
    try {
      const redeemed = await post<Joined>('/api/video/invites/redeem', { token });
      let media: MediaStream;
      try {
        media = await openLocalMedia();
      } catch {
        media = new MediaStream();
        setNoCamera(true);
      }
      setStream(media);
      setJoined(redeemed);
    } catch (error) {
      setFailure(error instanceof ApiError ? error.detail : String(error));
    } finally {
      setBusy(false);
    }
  }

  if (joined && stream) return <GuestCall joined={joined} stream={stream} noCamera={noCamera} />;
  return (
    <>
      <ErrorSummary errors={[]} general={failure} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('text')}</p>
      <p className="kern-body">{t('camera')}</p>
      <p className="kern-body">{t('single')}</p>
      <div className="bk-actions">
        <Button type="button" onClick={() => void join()} data-testid="guest-join">
          {t('join')}
        </Button>
      </div>
      {busy && (
        <p className="kern-body" role="status">
          {t('joining')}
        </p>
      )}
    </>
  );
}

function GuestCall({ joined, stream, noCamera }: { joined: Joined; stream: MediaStream; noCamera: boolean }) {
  const t = useT(guestMessages);
  const v = useT(videoMessages);
  const [left, setLeft] = useState(false);
  const c = useCall({
    path: `/api/video/calls/${joined.callId}/socket?as=guest`,
    token: joined.guestToken,
    localStream: stream,
  });
  useEffect(() => () => stopStream(stream), [stream]);
  const ended = left || c.state === 'ended' || c.state === 'refused';
  usePageTitle(left ? t('leftTitle') : ended ? t('endedTitle') : t('callTitle'));

  if (ended) {
    return (
      <>
        <h1 className="kern-heading-large" data-testid="guest-ended">
          {left ? t('leftTitle') : t('endedTitle')}
        </h1>
        <p className="kern-body">{t('endedText')}</p>
      </>
    );
  }
  return (
    <>
      <h1 className="kern-heading-large" data-testid="guest-call">
        {t('callTitle')}
      </h1>
      {noCamera && <Alert tone="info" title={t('noCamera')} />}
      {c.state === 'lost' && (
        <Alert tone="warning" title={t('lostTitle')} role="alert">
          <Button type="button" onClick={c.reconnect}>
            {t('reconnect')}
          </Button>
        </Alert>
      )}
      <div className="bk-call">
        <div className="bk-call__main">
          <RemoteStage peers={c.peers} captions={c.chat} />
          <CallControls
            audio={c.audio}
            video={c.video}
            onToggleAudio={c.toggleAudio}
            onToggleVideo={c.toggleVideo}
            onHangUp={() => {
              c.leave();
              stopStream(stream);
              setLeft(true);
            }}
          />
        </div>
        <div className="bk-call__side">
          <VideoTile
            stream={stream}
            label={v('ownVideo')}
            muted
            mirrored
            testId="own-video"
            className="bk-video-tile--own"
          />
          <ChatPanel lines={c.chat} onSend={c.sendChat} />
        </div>
      </div>
    </>
  );
}
