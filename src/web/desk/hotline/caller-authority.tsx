import { type FormEvent, Fragment, type ReactNode, useEffect, useState } from 'react';
import { get } from '../../ui/api';
import { Alert, Loading } from '../../ui/components';
import { Button, ErrorSummary, type FormError, SelectField, usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { navigate, usePath, useSearch } from '../../ui/router';
import { callerMessages } from './messages';

/**
 * The caller's authority in the 115 flow (ADR 27). An agent of the 115 service centre answers for
 * every authority that joined it: before searching services or booking, the agent picks the
 * caller's authority, and every request of the flow carries `X-Acting-For: <id>` (the server
 * then answers in that authority, and never shows a register). An agent of a municipality works
 * in their own authority and picks nothing.
 *
 * The choice lives in the address (`?fuer=<id>`), so that it goes along from the knowledge base
 * to the booking form and back, and a reload keeps it; choosing another authority starts afresh
 * (the pages remount their content by the authority's id).
 */
export interface CallerAuthority {
  id: string;
  name: string;
  shortName: string;
  slug: string;
  city: string;
  own: boolean;
}

export const CALLER_PARAM = 'fuer';
export const ACTING_FOR_HEADER = 'x-acting-for';

/** The header for a request of the hotline flow; none when the agent works in their own authority. */
export function actingForHeaders(authorityId: string | null | undefined): Record<string, string> {
  return authorityId ? { [ACTING_FOR_HEADER]: authorityId } : {};
}

/** An app path with the caller's authority kept in the query (or taken out with null). */
export function withCaller(path: string, authorityId: string | null): string {
  const [base, query = ''] = path.split('?', 2) as [string, string | undefined];
  const params = new URLSearchParams(query);
  params.delete(CALLER_PARAM);
  if (authorityId) params.set(CALLER_PARAM, authorityId);
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

export type CallerState =
  | { kind: 'loading' }
  | { kind: 'failed' }
  /** The agent works in their own authority: no header. */
  | { kind: 'own' }
  /** A service-centre agent: `authority` once picked. */
  | { kind: 'centre'; authorities: CallerAuthority[]; authority: CallerAuthority | null };

/** Loads the authorities the agent may answer for and reads the pick from the address. */
export function useCallerAuthority(): CallerState {
  const search = useSearch();
  const picked = search.get(CALLER_PARAM);
  const [list, setList] = useState<CallerAuthority[] | null | 'failed'>(null);
  useEffect(() => {
    let live = true;
    get<{ authorities: CallerAuthority[] }>('/api/places/hotline/authorities').then(
      (r) => live && setList(r.authorities),
      () => live && setList('failed'),
    );
    return () => {
      live = false;
    };
  }, []);
  if (list === null) return { kind: 'loading' };
  if (list === 'failed') return { kind: 'failed' };
  if (list.some((a) => a.own)) return { kind: 'own' };
  return { kind: 'centre', authorities: list, authority: list.find((a) => a.id === picked) ?? null };
}

/**
 * The required choice of the caller's authority, as a form with its own button (a select that
 * changes the page on its own would surprise keyboard and screen-reader users, WCAG 3.2.2).
 */
export function CallerAuthorityPicker({
  authorities,
  heading,
  title,
}: {
  authorities: CallerAuthority[];
  /** The page's heading, below the error summary (GOV.UK pattern). */
  heading: ReactNode;
  title: string;
}) {
  const t = useT(callerMessages);
  const path = usePath();
  const search = useSearch();
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  usePageTitle(title, errors.length > 0);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!authorities.some((a) => a.id === value)) {
      setErrors([{ fieldId: 'caller-authority', message: t('missing') }]);
      return;
    }
    setErrors([]);
    const query = search.toString();
    navigate(withCaller(query ? `${path}?${query}` : path, value), { replace: true });
  }
  if (authorities.length === 0)
    return (
      <>
        {heading}
        <Alert tone="info" title={t('none')} />
      </>
    );
  return (
    <>
      <ErrorSummary errors={errors} />
      {heading}
      <form className="bk-form" onSubmit={submit} noValidate aria-labelledby="caller-authority-title">
        <h2 className="kern-heading-medium" id="caller-authority-title">
          {t('title')}
        </h2>
        <SelectField
          id="caller-authority"
          label={t('label')}
          hint={t('hint')}
          required
          aria-required="true"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setErrors([]);
          }}
          error={errors[0]?.message}
          options={[
            { value: '', label: t('choose') },
            ...authorities.map((a) => ({ value: a.id, label: `${a.name} (${a.city})` })),
          ]}
        />
        <div>
          <Button>{t('submit')}</Button>
        </div>
      </form>
    </>
  );
}

/** "Call for …" with the way to another authority (which clears what was shown). */
export function CallerAuthorityBar({ authority }: { authority: CallerAuthority }) {
  const t = useT(callerMessages);
  const path = usePath();
  return (
    <section className="bk-caller" aria-label={t('current')}>
      <p className="kern-body" data-testid="caller-authority">
        {t('actingFor', { name: authority.name })}
      </p>
      <Button
        type="button"
        variant="secondary"
        // Everything of the last caller goes with the authority (the chosen service too).
        onClick={() => navigate(path, { replace: true })}
      >
        {t('change')}
      </Button>
    </section>
  );
}

/**
 * The frame of a hotline page: for a service-centre agent the picker until an authority is
 * chosen, then the page's content for that authority — remounted on a change, so nothing of the
 * last caller's authority stays. The content places the bar (`bar`) below its heading.
 */
export function CallerAuthorityGate({
  heading,
  title,
  children,
}: {
  heading: ReactNode;
  title: string;
  children: (actingFor: CallerAuthority | null, bar: ReactNode) => ReactNode;
}) {
  const t = useT(callerMessages);
  const state = useCallerAuthority();
  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'failed')
    return (
      <>
        {heading}
        <Alert tone="danger" title={t('loadError')} role="alert" />
      </>
    );
  if (state.kind === 'own') return <>{children(null, null)}</>;
  if (!state.authority)
    return <CallerAuthorityPicker authorities={state.authorities} heading={heading} title={title} />;
  return (
    <Fragment key={state.authority.id}>
      {children(state.authority, <CallerAuthorityBar authority={state.authority} />)}
    </Fragment>
  );
}
