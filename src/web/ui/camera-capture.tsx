import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import { captureMessages } from './capture-messages';
import { Button } from './forms';
import { useT } from './i18n';
import { common } from './messages';
import './capture.css';

/**
 * A photo from the camera (getUserMedia) or from a file. A camera picture is cropped to the
 * portrait format of a passport photo (3:4) and handed over as JPEG. Used at the desk and in the
 * field kit.
 */
export function CameraCapture({
  id,
  label,
  hint,
  error,
  optional,
  previewUrl,
  onCapture,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  /** URL of the current photo, if there is one. */
  previewUrl?: string | null;
  onCapture(photo: Blob, name: string): void;
}) {
  const t = useT(captureMessages);
  const c = useT(common);
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [unavailable, setUnavailable] = useState(false);

  useEffect(() => {
    if (video.current && stream) {
      video.current.srcObject = stream;
      void video.current.play().catch(() => {});
    }
    return () => {
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [stream]);

  async function start() {
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('no camera');
      setStream(
        await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false }),
      );
      setUnavailable(false);
    } catch {
      setUnavailable(true);
    }
  }

  function stop() {
    for (const track of stream?.getTracks() ?? []) track.stop();
    setStream(null);
  }

  function take() {
    const v = video.current;
    if (!v?.videoWidth) return;
    // Portrait 3:4 from the middle of the picture.
    const h = v.videoHeight;
    const w = Math.min(v.videoWidth, Math.round((h * 3) / 4));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    canvas.getContext('2d')!.drawImage(v, (v.videoWidth - w) / 2, 0, w, h, 0, 0, w, h);
    canvas.toBlob(
      (blob) => {
        if (blob) onCapture(blob, 'kamera.jpg');
        stop();
      },
      'image/jpeg',
      0.92,
    );
  }

  function file(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    if (f) onCapture(f, f.name);
    e.target.value = '';
  }

  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
        {optional && <span className="kern-label__optional"> {c('optional')}</span>}
      </label>
      {hint && (
        <div className="kern-hint" id={hintId}>
          {hint}
        </div>
      )}
      {previewUrl && <img className="bk-photo-preview" src={previewUrl} alt={t('photoPreview')} />}
      {stream && (
        <video
          ref={video}
          className="bk-camera"
          muted
          playsInline
          aria-label={t('cameraVideo')}
          data-testid="camera-video"
        />
      )}
      {unavailable && (
        <p className="kern-body" role="status">
          {t('cameraUnavailable')}
        </p>
      )}
      <div className="bk-actions">
        {stream ? (
          <>
            <Button type="button" onClick={take}>
              {t('cameraTake')}
            </Button>
            <Button type="button" variant="secondary" onClick={stop}>
              {t('cameraStop')}
            </Button>
          </>
        ) : (
          <Button type="button" variant="secondary" onClick={() => void start()}>
            {t('cameraStart')}
          </Button>
        )}
      </div>
      <input
        id={id}
        className="kern-form-input__input"
        type="file"
        accept="image/jpeg,image/png"
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        aria-invalid={error ? true : undefined}
        onChange={file}
      />
      {error && (
        <p className="kern-error" id={errorId}>
          <span className="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}
