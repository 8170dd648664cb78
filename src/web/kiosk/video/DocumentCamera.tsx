import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../ui/api';
import { Button, SelectField } from '../../ui/forms';
import { useLocale, useT } from '../../ui/i18n';
import { stopStream } from '../../ui/video/CallView';
import { kioskVideoMessages } from './messages';
import { type StartedCall, uploadCallImage } from './terminal-api';

/** A camera that looks like a document camera or scanner by its name. */
const DOCUMENT_CAMERA = /doc|scan|visual|presenter|overhead|beleg/i;

/**
 * The terminal's document camera (#11): a live picture and "Foto senden" — a still image in full
 * resolution goes to the clerk and is stored like every attachment (SHA-256). A terminal with a
 * document camera and a face camera picks the document camera by its name; both can be chosen.
 */
export function DocumentCamera({
  call,
  kind = 'scan',
  onSent,
}: {
  call: StartedCall;
  kind?: 'scan';
  onSent?(sha256: string): void;
}) {
  const t = useT(kioskVideoMessages);
  const { locale } = useLocale();
  const video = useRef<HTMLVideoElement>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState('');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [status, setStatus] = useState<'idle' | 'sending' | 'sent' | 'failed'>('idle');
  const [failure, setFailure] = useState('');

  useEffect(() => {
    void navigator.mediaDevices
      ?.enumerateDevices()
      .then((devices) => {
        const list = devices.filter((d) => d.kind === 'videoinput');
        setCameras(list);
        const preferred = list.find((d) => DOCUMENT_CAMERA.test(d.label)) ?? list.at(-1);
        setDeviceId(preferred?.deviceId ?? '');
      })
      .catch(() => {});
  }, []);

  useEffect(() => {
    let current: MediaStream | null = null;
    let alive = true;
    void navigator.mediaDevices
      ?.getUserMedia({
        audio: false,
        video: {
          ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
          width: { ideal: 1920 },
          height: { ideal: 1080 },
        },
      })
      .then((s) => {
        if (!alive) return stopStream(s);
        current = s;
        setStream(s);
      })
      .catch(() => setStream(null));
    return () => {
      alive = false;
      stopStream(current);
    };
  }, [deviceId]);

  useEffect(() => {
    if (video.current && stream) {
      video.current.srcObject = stream;
      void video.current.play().catch(() => {});
    }
  }, [stream]);

  async function send() {
    const v = video.current;
    if (!v?.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.9));
    if (!blob) return;
    setStatus('sending');
    try {
      const stored = await uploadCallImage(call, blob, kind, locale);
      setStatus('sent');
      onSent?.(stored.sha256);
    } catch (error) {
      setStatus('failed');
      setFailure(error instanceof ApiError ? error.detail : String(error));
    }
  }

  return (
    <section className="bk-call-panel" aria-labelledby="doc-camera-title" data-testid="document-camera">
      <h2 className="kern-heading-small" id="doc-camera-title">
        {t('docTitle')}
      </h2>
      <p className="kern-body">{t('docHint')}</p>
      {cameras.length > 1 && (
        <SelectField
          id="doc-camera-device"
          label={t('docCamera')}
          options={cameras.map((c, i) => ({
            value: c.deviceId,
            label: c.label || `${t('docCamera')} ${i + 1}`,
          }))}
          value={deviceId}
          onChange={(e) => setDeviceId(e.target.value)}
        />
      )}
      <video ref={video} className="bk-video" muted playsInline aria-label={t('docPreview')} />
      <div className="bk-actions">
        <Button type="button" onClick={() => void send()} data-testid="document-send">
          {t('docSend')}
        </Button>
      </div>
      <p className="kern-body" role="status" aria-live="polite" data-testid="document-status">
        {status === 'sending'
          ? t('docSending')
          : status === 'sent'
            ? t('docSent')
            : status === 'failed'
              ? t('docFailed', { message: failure })
              : ''}
      </p>
    </section>
  );
}
