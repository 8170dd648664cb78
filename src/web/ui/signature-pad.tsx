import { type PointerEvent, useEffect, useRef, useState } from 'react';
import { captureMessages } from './capture-messages';
import { Button } from './forms';
import { useT } from './i18n';
import { common } from './messages';
import './capture.css';

/**
 * A signature pad on pointer events (pen, finger or mouse). When a stroke ends, the drawing is
 * handed over as a PNG (white background, black ink). Used at the desk and in the field kit.
 */
export function SignaturePad({
  id,
  label,
  hint,
  error,
  optional,
  captured,
  onChange,
  width = 480,
  height = 160,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
  /** A signature is already stored for this field. */
  captured?: boolean;
  onChange(png: Blob | null): void;
  width?: number;
  height?: number;
}) {
  const t = useT(captureMessages);
  const c = useT(common);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
  }, [width, height]);

  function point(e: PointerEvent<HTMLCanvasElement>) {
    const rect = e.currentTarget.getBoundingClientRect();
    return {
      x: ((e.clientX - rect.left) / rect.width) * width,
      y: ((e.clientY - rect.top) / rect.height) * height,
    };
  }

  function down(e: PointerEvent<HTMLCanvasElement>) {
    const ctx = e.currentTarget.getContext('2d')!;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const p = point(e);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#000';
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
  }

  function move(e: PointerEvent<HTMLCanvasElement>) {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d')!;
    const p = point(e);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    setDirty(true);
  }

  function up(e: PointerEvent<HTMLCanvasElement>) {
    if (!drawing.current) return;
    drawing.current = false;
    e.currentTarget.releasePointerCapture(e.pointerId);
    e.currentTarget.toBlob((blob) => onChange(blob), 'image/png');
  }

  function clear() {
    const ctx = canvas.current?.getContext('2d');
    if (ctx) {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
    }
    setDirty(false);
    onChange(null);
  }

  const instructions = hint ?? t('signatureCanvas');
  const hintId = `${id}-hint`;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <span className="kern-label" id={`${id}-label`}>
        {label}
        {optional && <span className="kern-label__optional"> {c('optional')}</span>}
      </span>
      <div className="kern-hint" id={hintId}>
        {instructions}
      </div>
      <canvas
        id={id}
        ref={canvas}
        className="bk-signature-pad"
        width={width}
        height={height}
        tabIndex={0}
        role="img"
        aria-labelledby={`${id}-label`}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        data-testid="signature-pad"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <p className="kern-body kern-body--small" aria-live="polite">
        {dirty || captured ? t('signatureDone') : t('signatureEmpty')}
      </p>
      <div className="bk-actions">
        <Button type="button" variant="secondary" onClick={clear}>
          {t('signatureClear')}
        </Button>
      </div>
      {error && (
        <p className="kern-error" id={errorId}>
          <span className="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}
