import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { getFormDefinition } from '../../../core/forms/registry';
import { validateForm } from '../../../core/forms/validate';
import type { FormPush } from '../../../core/video/protocol';
import { ApiError } from '../../ui/api';
import { Alert } from '../../ui/components';
import { type AttachmentRenderProps, FormRenderer, fieldId } from '../../ui/form-renderer';
import { Button, ErrorSummary, type FormError } from '../../ui/forms';
import { useLocale, useT } from '../../ui/i18n';
import { SignaturePad } from '../../ui/signature-pad';
import { DocumentCamera } from './DocumentCamera';
import { kioskVideoMessages } from './messages';
import { type StartedCall, uploadCallImage } from './terminal-api';

/**
 * A form the clerk pushed to the terminal (#11): the shared form renderer on the touch screen,
 * the signature on the terminal's pad, checked with the same rules (src/core/forms) before it
 * goes back. The clerk checks again and captures the case; nothing is stored here.
 */
export function TerminalForm({
  call,
  push,
  onSubmit,
  onErrors,
}: {
  call: StartedCall;
  push: FormPush;
  onSubmit(data: Record<string, unknown>): void;
  onErrors?(has: boolean): void;
}) {
  const t = useT(kioskVideoMessages);
  const { locale } = useLocale();
  const definition = getFormDefinition(push.formKey);
  const [data, setData] = useState<Record<string, unknown>>(push.data);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [sent, setSent] = useState(false);
  useEffect(() => onErrors?.(errors.length > 0), [errors, onErrors]);
  const context = useMemo(
    () => ({
      today: push.context.today,
      hasPerson: push.context.hasPerson,
      personBirthDate: push.context.personBirthDate,
      options: push.context.options,
    }),
    [push],
  );
  if (!definition) return null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const result = validateForm(definition!, data, context);
    const found = result.errors.map((issue) => ({
      fieldId: fieldId(issue.pointer, 'tf'),
      message: issue.message[locale],
    }));
    setErrors(found);
    if (found.length) return;
    onSubmit(result.data);
    setSent(true);
  }

  return (
    <section className="bk-call-panel" aria-labelledby="terminal-form-title" data-testid="terminal-form">
      <h2 className="kern-heading-medium" id="terminal-form-title">
        {t('formTitle', { title: definition.title[locale] })}
      </h2>
      {sent ? (
        <Alert tone="success" title={t('formSent')} role="status" />
      ) : (
        <form className="bk-form" onSubmit={submit} noValidate>
          <ErrorSummary errors={errors} />
          <p className="kern-body">{t('formIntro')}</p>
          {definition.intro && <p className="kern-body">{definition.intro[locale]}</p>}
          <FormRenderer
            definition={definition}
            data={data}
            onChange={setData}
            context={context}
            errors={errors}
            idPrefix="tf"
            renderAttachment={(p) => (
              <TerminalAttachment
                call={call}
                {...p}
                // An upload finishes later: set its field on the data as it is then, not as it
                // was when the upload began (the citizen may have ticked boxes meanwhile).
                onUploaded={
                  p.id === fieldId(`/${p.field.name}`, 'tf')
                    ? (value) => setData((d) => ({ ...d, [p.field.name]: value }))
                    : p.onChange
                }
              />
            )}
          />
          <div className="bk-actions">
            <Button data-testid="terminal-form-send">{t('formSend')}</Button>
          </div>
        </form>
      )}
    </section>
  );
}

function TerminalAttachment(
  props: AttachmentRenderProps & { call: StartedCall; onUploaded(value: unknown): void },
) {
  const t = useT(kioskVideoMessages);
  const { locale } = useLocale();
  const [failure, setFailure] = useState<string>();
  const [uploaded, setUploaded] = useState(false);
  if (props.field.kind === 'signature') {
    return (
      <>
        <SignaturePad
          id={props.id}
          label={props.label}
          hint={props.hint}
          error={props.error ?? failure}
          optional={props.optional}
          captured={!!props.value}
          width={640}
          height={200}
          onChange={(png) => {
            setFailure(undefined);
            setUploaded(false);
            if (!png) return props.onChange(undefined);
            uploadCallImage(props.call, png, 'signature', locale)
              .then((stored) => {
                props.onUploaded(stored.sha256);
                setUploaded(true);
              })
              .catch((error) =>
                setFailure(
                  t('uploadFailed', { message: error instanceof ApiError ? error.detail : String(error) }),
                ),
              );
          }}
        />
        <p
          className="kern-body kern-body--small"
          role="status"
          aria-live="polite"
          data-testid="signature-status"
        >
          {uploaded ? t('signatureSent') : ''}
        </p>
      </>
    );
  }
  if (props.field.kind === 'scan') {
    return (
      <div className="kern-form-input" id={props.id} tabIndex={-1}>
        <p className="kern-label">{props.label}</p>
        {props.error && <p className="kern-error">{props.error}</p>}
        <DocumentCamera
          call={props.call}
          onSent={(sha) => {
            const list = Array.isArray(props.value) ? (props.value as string[]) : [];
            props.onChange(props.field.multiple ? [...list, sha] : sha);
          }}
        />
      </div>
    );
  }
  return (
    <div className="kern-form-input" id={props.id} tabIndex={-1}>
      <p className="kern-label">{props.label}</p>
      <p className="kern-body">{t('photoByOffice')}</p>
    </div>
  );
}
