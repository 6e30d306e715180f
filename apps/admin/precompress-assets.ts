import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Writes `<file>.gz` and `<file>.br` next to each built script and stylesheet, which the gateway
 * serves to browsers that accept them (apps/gateway/src/precompressed-assets.ts): compressed once,
 * at the highest levels, instead of on every request.
 */
export function precompressAssets(): Plugin {
  return {
    name: 'inlet:precompress-assets',
    apply: 'build',
    async writeBundle({ dir = 'dist' }, bundle) {
      for (const fileName of Object.keys(bundle).filter((name) => /\.(js|css)$/.test(name))) {
        const file = join(dir, fileName);
        const content = await readFile(file);
        await writeFile(`${file}.gz`, gzipSync(content, { level: 9 }));
        await writeFile(
          `${file}.br`,
          brotliCompressSync(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          }),
        );
      }
    },
  };
}
