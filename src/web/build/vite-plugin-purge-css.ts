import path from 'node:path';
import { PurgeCSS } from 'purgecss';
import type { Plugin } from 'vite';

/**
 * Drops the rules of KERN's stylesheet (340 KB, every component of the design system) that no
 * page of ours uses (#10 point 8, ADR 0018). Only selectors with KERN classes (`kern-…`) are
 * candidates: a KERN class survives when its name appears anywhere in our sources (JSX, TS, HTML);
 * element, attribute and our own `bk-` selectors, custom properties, @font-face and keyframes all
 * stay. Classes we assemble at run time are listed in DYNAMIC below.
 */
export const DYNAMIC: RegExp[] = [
  /^kern-badge--/,
  /^kern-alert--/,
  /^kern-btn--/,
  /^kern-icon--(info|success|warning|danger)$/,
  /^kern-form-check__(radio|checkbox)/,
  /^kern-form-input__input--width-/,
];

export function purgeKernCss(root: string): Plugin {
  return {
    name: 'bk-purge-kern-css',
    apply: 'build',
    applyToEnvironment: (env) => env.name === 'client',
    async generateBundle(_options, bundle) {
      const content = [path.join(root, 'src/web/**/*.{ts,tsx,html}'), path.join(root, 'src/core/**/*.ts')];
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.css')) continue;
        const raw = typeof file.source === 'string' ? file.source : Buffer.from(file.source).toString('utf8');
        const [result] = await new PurgeCSS().purge({
          content,
          css: [{ raw }],
          // Everything that is not a KERN class is kept as it is.
          safelist: { standard: [/^(?!kern-)/, ...DYNAMIC] },
          fontFace: false,
          keyframes: false,
          variables: false,
        });
        if (result) file.source = result.css;
      }
    },
  };
}
