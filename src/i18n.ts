/**
 * i18next set up once, synchronously, from locales/<lng>/<namespace>.json. Every user-facing
 * string goes through it; Vietnamese is the fallback language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n as I18nInstance } from 'i18next';
import { LOCALES, type Locale } from './content/types.ts';

export const LOCALES_DIR = fileURLToPath(new URL('../locales', import.meta.url));

/** Translates one key for one locale; `ns:key` picks a namespace other than "bot". */
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export interface I18n {
  t(locale: Locale, key: string, vars?: Record<string, unknown>): string;
  fixed(locale: Locale, ns?: string): Translate;
  /** Raw resource lookup (arrays and objects), e.g. word lists. */
  resource<T = unknown>(locale: Locale, key: string, ns?: string): T | undefined;
  instance: I18nInstance;
}

function loadResources(dir: string) {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const lng of LOCALES) {
    resources[lng] = {};
    for (const file of readdirSync(join(dir, lng))) {
      if (!file.endsWith('.json')) continue;
      resources[lng][file.slice(0, -5)] = JSON.parse(readFileSync(join(dir, lng, file), 'utf8'));
    }
  }
  return resources;
}

/** Builds an independent i18next instance (no global state shared between tests). */
export function createI18n(dir = LOCALES_DIR): I18n {
  const resources = loadResources(dir);
  const namespaces = [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))];
  const instance = i18next.createInstance();
  void instance.init({
    resources: resources as never,
    lng: 'vi',
    fallbackLng: 'vi',
    supportedLngs: [...LOCALES],
    ns: namespaces,
    defaultNS: 'bot',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return {
    instance,
    t: (locale, key, vars) => instance.t(key, { lng: locale, ...vars }) as unknown as string,
    fixed: (locale, ns = 'bot') => {
      const t = instance.getFixedT(locale, ns);
      return (key, vars) => t(key, vars as never) as unknown as string;
    },
    resource: (locale, key, ns = 'bot') => instance.getResource(locale, ns, key) as never,
  };
}
