import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { ApiError } from './api';
import { useT } from './i18n';
import { common } from './messages';
import { ServerTitleContext } from './server-render';

/**
 * Form patterns after GOV.UK, in KERN's look: validate on submit, an error summary at the top
 * that takes focus and links to each field, the same message at the field, "(optional)" on
 * optional fields, never a disabled submit button.
 */
export interface FormError {
  /** id of the input the summary links to */
  fieldId: string;
  message: string;
}

export function ErrorSummary({ errors, general }: { errors: FormError[]; general?: string | undefined }) {
  const t = useT(common);
  const ref = useRef<HTMLDivElement>(null);
  const count = errors.length + (general ? 1 : 0);
  // Focus the summary whenever a new set of errors arrives (a new submit), not only when the count changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: errors and general mark a new submit
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [count, errors, general]);
  if (count === 0) return null;
  return (
    <div
      className="kern-alert kern-alert--danger bk-error-summary"
      role="alert"
      tabIndex={-1}
      ref={ref}
      data-error-summary
      aria-labelledby="error-summary-title"
    >
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 className="kern-title" id="error-summary-title">
          {t('errorSummaryTitle')}
        </h2>
      </div>
      <div className="kern-alert__body">
        <ul className="kern-list">
          {general && <li>{general}</li>}
          {errors.map((e) => (
            <li key={e.fieldId + e.message}>
              <a
                className="kern-link"
                href={`#${e.fieldId}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  const el = document.getElementById(e.fieldId);
                  el?.focus();
                  el?.scrollIntoView({ block: 'center' });
                }}
              >
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/**
 * The errors of a form with steps (choose a service, then its form; a case's state): they belong
 * to the step they were found on and are dropped when the step changes, so an error summary never
 * outlives its step and never points at a field that is gone.
 */
export function useStepErrors(step: string) {
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [shownFor, setShownFor] = useState(step);
  const stale = shownFor !== step;
  if (stale) {
    // Reset while rendering (React's pattern for state derived from a changing value).
    setShownFor(step);
    setErrors([]);
    setGeneral(undefined);
  }
  return {
    errors: stale ? [] : errors,
    setErrors,
    general: stale ? undefined : general,
    setGeneral,
  };
}

/** Sets the document title; with errors on the page it starts with "Fehler: ". */
export function usePageTitle(title: string, hasErrors = false): void {
  const t = useT(common);
  const server = useContext(ServerTitleContext);
  if (server) server.title = `${title} – ${t('siteName')}`;
  useEffect(() => {
    document.title = `${hasErrors ? t('errorTitlePrefix') : ''}${title} – ${t('siteName')}`;
  }, [title, hasErrors, t]);
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="kern-error" id={id}>
      <span className="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
      <span>{message}</span>
    </p>
  );
}

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode | undefined;
  error?: string | undefined;
  optional?: boolean | undefined;
  children: (describedBy: string | undefined) => ReactNode;
  large?: boolean | undefined;
}

function FieldFrame({ id, label, hint, error, optional, children, large }: FieldFrameProps) {
  const t = useT(common);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className={`kern-label${large ? ' kern-label--large' : ''}`} htmlFor={id}>
        {label}
        {optional && <span className="kern-label__optional"> {t('optional')}</span>}
      </label>
      {hint && (
        <div className="kern-hint" id={hintId}>
          {hint}
        </div>
      )}
      {children(describedBy)}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  large?: boolean;
  width?: 2 | 4 | 10 | 20;
};

export function TextField({
  id,
  label,
  hint,
  error,
  optional,
  large,
  width,
  className,
  ...input
}: TextFieldProps) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} optional={optional} large={large}>
      {(describedBy) => (
        <input
          id={fieldId}
          className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}${width === 2 || width === 4 ? ` kern-form-input__input--width-${width}` : ''}${className ? ` ${className}` : ''}`}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          {...input}
        />
      )}
    </FieldFrame>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & {
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
};

export function TextArea({ id, label, hint, error, optional, ...input }: TextAreaProps) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} optional={optional}>
      {(describedBy) => (
        <textarea
          id={fieldId}
          className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          rows={4}
          {...input}
        />
      )}
    </FieldFrame>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  options: { value: string; label: string }[];
};

export function SelectField({ id, label, hint, error, optional, options, ...select }: SelectProps) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} optional={optional}>
      {(describedBy) => (
        <div className="kern-form-input__select-wrapper">
          <select
            id={fieldId}
            className={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            {...select}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
    </FieldFrame>
  );
}

export interface ChoiceOption {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

/** Radios or checkboxes in a fieldset; the legend may be the page heading (one question per page). */
export function ChoiceGroup({
  id,
  legend,
  legendIsHeading,
  hint,
  error,
  type,
  name,
  options,
  value,
  onChange,
  optional,
}: {
  id: string;
  legend: ReactNode;
  legendIsHeading?: boolean;
  hint?: ReactNode;
  error?: string | undefined;
  type: 'radio' | 'checkbox';
  name: string;
  options: ChoiceOption[];
  value: string[];
  onChange(value: string[]): void;
  optional?: boolean;
}) {
  const t = useT(common);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      className={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`}
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
    >
      <legend className={legendIsHeading ? 'kern-label kern-label--large bk-legend-heading' : 'kern-label'}>
        {legendIsHeading ? <h1 className="kern-heading-large">{legend}</h1> : legend}
        {optional && <span className="kern-label__optional"> {t('optional')}</span>}
      </legend>
      {hint && (
        <div className="kern-hint" id={hintId}>
          {hint}
        </div>
      )}
      <div className="kern-fieldset__body">
        {options.map((o, index) => {
          const optionId = index === 0 ? id : `${id}-${index}`;
          // Not `${optionId}-hint`: the first option's id is the group's, whose hint is `${id}-hint` (#10).
          const optionHintId = `${id}-${index}-hint`;
          const checked = value.includes(o.value);
          return (
            <div className="kern-form-check" key={o.value}>
              <input
                className={`kern-form-check__${type === 'radio' ? 'radio' : 'checkbox'}${error ? ` kern-form-check__${type === 'radio' ? 'radio' : 'checkbox'}--error` : ''}`}
                type={type}
                id={optionId}
                name={name}
                value={o.value}
                checked={checked}
                aria-describedby={o.hint ? optionHintId : undefined}
                onChange={(e) => {
                  if (type === 'radio') onChange([o.value]);
                  else onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value));
                }}
              />
              <label className="kern-label" htmlFor={optionId}>
                {o.label}
              </label>
              {o.hint && (
                <div className="kern-hint" id={optionHintId}>
                  {o.hint}
                </div>
              )}
            </div>
          );
        })}
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

export function Button({
  variant = 'primary',
  children,
  type = 'submit',
  ...rest
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'tertiary' }) {
  return (
    <button type={type} className={`kern-btn kern-btn--${variant}`} {...rest}>
      <span className="kern-label">{children}</span>
    </button>
  );
}

/**
 * Maps an API problem onto form fields: `fields` maps JSON pointers (e.g. "/email") to input ids.
 * Field errors the form does not show fall back to the general message.
 */
export function formErrorsFrom(
  error: unknown,
  fields: Record<string, string>,
  genericMessage: string,
): { errors: FormError[]; general?: string } {
  if (!(error instanceof ApiError)) return { errors: [], general: genericMessage };
  const errors: FormError[] = [];
  let unmapped = false;
  for (const e of error.errors) {
    const fieldId = fields[e.path];
    if (fieldId && e.message) errors.push({ fieldId, message: named(fieldId, e.code, e.message) });
    else unmapped = true;
  }
  return errors.length > 0 && !unmapped ? { errors } : { errors, general: error.detail };
}

/** Problem codes whose messages do not say which field they are about ("Bitte füllen Sie dieses Feld aus."). */
const GENERIC_CODES = new Set([
  'required',
  'type',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
]);

/**
 * Puts the field's label before a generic message from the API, so a summary of several problems
 * names each field ("Familienname: Bitte füllen Sie dieses Feld aus."), here and at the field.
 */
function named(fieldId: string, code: string, message: string): string {
  if (!GENERIC_CODES.has(code) || typeof document === 'undefined') return message;
  const field = document.getElementById(fieldId);
  const label =
    document.querySelector(`label[for="${CSS.escape(fieldId)}"]`) ??
    field?.closest('fieldset')?.querySelector('legend') ??
    null;
  if (!label) return message;
  const copy = label.cloneNode(true) as HTMLElement;
  for (const optional of copy.querySelectorAll('.kern-label__optional')) optional.remove();
  const text = (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text && !message.startsWith(text) ? `${text}: ${message}` : message;
}

/** The message for a field id from a list of form errors. */
export function errorFor(errors: FormError[], fieldId: string): string | undefined {
  return errors.find((e) => e.fieldId === fieldId)?.message;
}
