import { type FormEvent, useId, useState } from 'react';
import { post } from '../../ui/api';
import { Button, ErrorSummary, errorFor, type FormError, formErrorsFrom, TextField } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { registerMessages } from './messages';

/**
 * Lifting a stored block before its end (an information block whose grounds ceased, a withdrawn
 * objection): asks for the reason, which goes into the register history and the audit trail.
 */
export function LiftBlock({
  personId,
  blockId,
  label,
  onLifted,
}: {
  personId: string;
  blockId: string;
  label: string;
  onLifted: () => void;
}) {
  const t = useT(registerMessages);
  const c = useT(common);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fieldId = `lift-reason-${useId().replace(/:/g, '')}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    if (reason.trim().length < 3) {
      setErrors([{ fieldId, message: t('liftReasonMissing') }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      await post(`/api/register/persons/${personId}/blocks/${blockId}/lift`, { reason: reason.trim() });
      setOpen(false);
      onLifted();
    } catch (error) {
      const mapped = formErrorsFrom(error, { '/reason': fieldId }, c('genericError'));
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <Button type="button" variant="tertiary" onClick={() => setOpen(true)}>
        {t('liftOpen', { block: label })}
      </Button>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} general={general} />
      <TextField
        id={fieldId}
        label={t('liftReason', { block: label })}
        hint={t('liftReasonHint')}
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
        error={errorFor(errors, fieldId)}
      />
      <Button disabled={busy}>{t('liftConfirm')}</Button>{' '}
      <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
        {c('cancel')}
      </Button>
    </form>
  );
}
