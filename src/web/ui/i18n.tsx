import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { DEFAULT_LOCALE, type Locale } from '../../core/locale';

/**
 * Message catalogues live beside the feature that uses them:
 *
 *   const messages = defineMessages({ de: { title: 'Termin buchen' }, en: { title: 'Book an appointment' } });
 *   const t = useT(messages);  t('title')
 *
 * German is the source; the English catalogue must have exactly the same keys (the type says so).
 * Parameters in braces are filled in: t('count', { n: 3 }).
 */
export interface Catalogue<K extends string> {
  de: Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<const D extends Record<string, string>>(catalogue: {
  de: D;
  en: Record<keyof D & string, string>;
}): Catalogue<keyof D & string> {
  return catalogue as Catalogue<keyof D & string>;
}

export type Translate<K extends string> = (key: K, params?: Record<string, string | number>) => string;

const STORAGE_KEY = 'bk-locale';
/**
 * The choice is also kept in a cookie of the same name, so that the server renders the next page
 * in the chosen language (server-rendered pages, ADR 0018). A preference, not personal data.
 */
export const LOCALE_COOKIE = 'bk-locale';

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleState>({ locale: DEFAULT_LOCALE, setLocale: () => {} });

function initialLocale(): Locale {
  if (typeof window === 'undefined') return DEFAULT_LOCALE;
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'de' || fromUrl === 'en') return fromUrl;
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'de' || stored === 'en') return stored;
  } catch {
    // storage may be unavailable (private mode); German is the default anyway
  }
  return DEFAULT_LOCALE;
}

export function LocaleProvider({ children, initial }: { children: ReactNode; initial?: Locale | undefined }) {
  // A server-rendered page was rendered in `initial`: hydrate in the same language.
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? initialLocale());
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // ignore
    }
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read by the server
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; SameSite=Lax`;
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

export function useT<K extends string>(catalogue: Catalogue<K>): Translate<K> {
  const { locale } = useLocale();
  return useCallback(
    (key: K, params?: Record<string, string | number>) => format(catalogue[locale][key] ?? key, params),
    [catalogue, locale],
  );
}

/** Dates and money as people read them in the chosen language, always in Berlin time. */
export function useFormat() {
  const { locale } = useLocale();
  return useMemo(() => {
    const tag = locale === 'de' ? 'de-DE' : 'en-GB';
    const date = new Intl.DateTimeFormat(tag, {
      timeZone: 'Europe/Berlin',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    const shortDate = new Intl.DateTimeFormat(tag, {
      timeZone: 'Europe/Berlin',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    const time = new Intl.DateTimeFormat(tag, {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      minute: '2-digit',
    });
    const dateTime = new Intl.DateTimeFormat(tag, {
      timeZone: 'Europe/Berlin',
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    const money = new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' });
    const toDate = (v: string | Date) =>
      typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T12:00:00Z`) : new Date(v);
    return {
      date: (v: string | Date) => date.format(toDate(v)),
      shortDate: (v: string | Date) => shortDate.format(toDate(v)),
      time: (v: string | Date) => time.format(new Date(v)),
      dateTime: (v: string | Date) => dateTime.format(new Date(v)),
      /** Integer cents to "46,00 €". */
      cents: (cents: number) => money.format(cents / 100),
    };
  }, [locale]);
}
