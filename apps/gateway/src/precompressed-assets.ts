import { extname, join, resolve, sep } from 'node:path';
import type express from 'express';

/** The encodings the console build writes next to each script and stylesheet, best first. */
const ENCODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;
const COMPRESSED_TYPES = new Set(['.js', '.css']);

/** The weight an Accept-Encoding header gives `coding` (RFC 9110 §12.5.3): its own, else `*`'s, else 0. */
export function acceptedWeight(header: string | undefined, coding: string): number {
  let wildcard = 0;
  for (const item of (header ?? '').split(',')) {
    const [name = '', ...params] = item.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2)) || 0;
    if (name === coding) return weight;
    if (name === '*') wildcard = weight;
  }
  return wildcard;
}

/**
 * Serves `<asset>.br` or `<asset>.gz` from `dir` (written by the console build) in place of a
 * script or stylesheet when the browser accepts that encoding, with Content-Encoding and
 * `Vary: Accept-Encoding`; anything else falls through to the plain files.
 */
export function precompressedAssets(dir: string, maxAge: string): express.RequestHandler {
  const root = resolve(dir);
  return (req, res, next) => {
    const type = extname(req.path);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !COMPRESSED_TYPES.has(type))
      return next();
    res.vary('Accept-Encoding');
    let file: string;
    try {
      file = join(root, decodeURIComponent(req.path));
    } catch {
      return next();
    }
    if (!file.startsWith(root + sep)) return next();
    const accepted = ENCODINGS.filter(
      ({ coding }) => acceptedWeight(req.headers['accept-encoding'], coding) > 0,
    );
    const sendNext = (i: number): void => {
      const encoding = accepted[i];
      if (!encoding) return next();
      res.type(type);
      res.setHeader('Content-Encoding', encoding.coding);
      res.sendFile(file + encoding.suffix, { maxAge, dotfiles: 'deny' }, (err) => {
        if (!err || res.headersSent) return;
        // Not built for this encoding (or unreadable): the next one, else the plain file.
        res.removeHeader('Content-Encoding');
        res.removeHeader('Content-Type');
        sendNext(i + 1);
      });
    };
    sendNext(0);
  };
}
