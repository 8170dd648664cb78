import { useEffect, useState } from 'react';
import { ApiError } from '../../ui/api';
import { CameraCapture } from '../../ui/camera-capture';
import { captureMessages } from '../../ui/capture-messages';
import type { AttachmentRenderProps } from '../../ui/form-renderer';
import { useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { useSession } from '../../ui/session';
import { SignaturePad } from '../../ui/signature-pad';

/** Uploads a photo, signature or scan to the server; the field's value becomes its SHA-256. */
export async function uploadAttachment(
  kind: string,
  file: Blob,
  csrf: string,
  locale: string,
): Promise<{ sha256: string }> {
  const res = await fetch(`/api/attachments?kind=${kind}`, {
    method: 'POST',
    headers: {
      'content-type': file.type || 'application/octet-stream',
      'x-csrf-token': csrf,
      'accept-language': locale,
      accept: 'application/json',
    },
    body: file,
    credentials: 'same-origin',
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok)
    throw new ApiError(
      res.status,
      body.code ?? `HTTP_${res.status}`,
      body.detail ?? res.statusText,
      body.errors ?? [],
      body,
    );
  return body;
}

export function DeskAttachmentField(props: AttachmentRenderProps) {
  const t = useT(captureMessages);
  const c = useT(common);
  const { locale } = useLocale();
  const { session } = useSession();
  const [state, setState] = useState<'idle' | 'uploading' | 'done'>('idle');
  const [failure, setFailure] = useState<string>();
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  async function upload(file: Blob | null, keep = false) {
    setFailure(undefined);
    if (!file) {
      props.onChange(undefined);
      setState('idle');
      return;
    }
    setState('uploading');
    try {
      const stored = await uploadAttachment(props.field.kind, file, session?.csrfToken ?? '', locale);
      if (props.field.multiple) {
        const list = Array.isArray(props.value) ? (props.value as string[]) : [];
        props.onChange([...list, stored.sha256]);
      } else props.onChange(stored.sha256);
      if (keep) setPreview(URL.createObjectURL(file));
      setState('done');
    } catch (error) {
      setState('idle');
      setFailure(t('uploadFailed', { message: error instanceof ApiError ? error.detail : String(error) }));
    }
  }

  const error = props.error ?? failure;
  const status = (
    <p className="kern-body kern-body--small" role="status" aria-live="polite">
      {state === 'uploading' ? t('uploading') : state === 'done' ? t('uploaded') : ''}
    </p>
  );
  if (props.field.kind === 'signature') {
    return (
      <>
        <SignaturePad
          id={props.id}
          label={props.label}
          hint={props.hint}
          error={error}
          optional={props.optional}
          captured={!!props.value}
          onChange={(png) => void upload(png)}
        />
        {status}
      </>
    );
  }
  if (props.field.kind === 'photo') {
    return (
      <>
        <CameraCapture
          id={props.id}
          label={props.label}
          hint={props.hint}
          error={error}
          optional={props.optional}
          previewUrl={preview}
          onCapture={(blob) => void upload(blob, true)}
        />
        {status}
      </>
    );
  }
  const count = Array.isArray(props.value) ? props.value.length : props.value ? 1 : 0;
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={props.id}>
        {props.label}
        {props.optional && <span className="kern-label__optional"> {c('optional')}</span>}
      </label>
      {props.hint && (
        <div className="kern-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      )}
      <input
        id={props.id}
        className="kern-form-input__input"
        type="file"
        accept="image/jpeg,image/png,application/pdf"
        aria-describedby={error ? `${props.id}-error` : props.hint ? `${props.id}-hint` : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void upload(file);
        }}
      />
      {count > 0 && <p className="kern-body kern-body--small">{t('fileDone', { name: String(count) })}</p>}
      {status}
      {error && (
        <p className="kern-error" id={`${props.id}-error`}>
          <span className="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}
