import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport, type Plugin } from 'vite';

const srcDir = fileURLToPath(new URL('./src', import.meta.url));

/**
 * Writes `sign-in.html`: the built index.html with the sign-in page rendered into #root
 * (src/prerender-sign-in.tsx), which the gateway serves for /sign-in so the form paints before the
 * scripts have run. The page's module is loaded through Vite's module runner, from the sources.
 */
export function prerenderPages(): Plugin {
  let outDir = 'dist';
  return {
    name: 'inlet:prerender-pages',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const { module } = await runnerImport<{ renderSignInPage(): string }>(
        join(srcDir, 'prerender-sign-in.tsx'),
        {
          configFile: false,
          logLevel: 'warn',
          resolve: { alias: { '@': srcDir } },
          // The workspace's UI package is TypeScript source: transformed, not required as is.
          ssr: { noExternal: ['@inlet/ui'] },
        },
      );
      const index = await readFile(join(outDir, 'index.html'), 'utf8');
      const root = '<div id="root"></div>';
      if (!index.includes(root))
        throw new Error(`index.html has no empty ${root} to prerender into`);
      const page = index
        .replace(root, `<div id="root">${module.renderSignInPage()}</div>`)
        .replace(/<title>[^<]*<\/title>/, '<title>Sign in · Inlet</title>');
      await writeFile(join(outDir, 'sign-in.html'), page);
    },
  };
}
