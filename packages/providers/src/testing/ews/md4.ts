/**
 * MD4 (RFC 1320), written from the RFC for the test server's NTLM check: the NT hash is
 * MD4(UTF-16LE(password)) and OpenSSL 3 (Node 17+) no longer offers MD4. Test code only.
 */
export function md4(input: Buffer): Buffer {
  const bitLength = BigInt(input.length) * 8n;
  const padded = Buffer.alloc(((input.length + 8) >> 6) * 64 + 64);
  input.copy(padded);
  padded[input.length] = 0x80;
  padded.writeBigUInt64LE(bitLength & 0xffffffffffffffffn, padded.length - 8);

  let a = 0x67452301;
  let b = 0xefcdab89;
  let c = 0x98badcfe;
  let d = 0x10325476;
  const x = new Uint32Array(16);
  const rotl = (v: number, s: number) => ((v << s) | (v >>> (32 - s))) >>> 0;
  const f = (p: number, q: number, r: number) => (p & q) | (~p & r);
  const g = (p: number, q: number, r: number) => (p & q) | (p & r) | (q & r);
  const h = (p: number, q: number, r: number) => p ^ q ^ r;
  const round2Order = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
  const round3Order = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];

  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i += 1) x[i] = padded.readUInt32LE(block + i * 4);
    const [aa, bb, cc, dd] = [a, b, c, d];
    // Each round applies its function 16 times, the roles of a, b, c, d rotating each time.
    const run = (
      fn: (p: number, q: number, r: number) => number,
      order: number[],
      shifts: number[],
      constant: number,
    ) => {
      for (let i = 0; i < 16; i += 1) {
        const t = rotl((a + fn(b, c, d) + x[order[i]!]! + constant) >>> 0, shifts[i % 4]!);
        [a, b, c, d] = [d, t, b, c];
      }
    };
    run(f, [...Array(16).keys()], [3, 7, 11, 19], 0);
    run(g, round2Order, [3, 5, 9, 13], 0x5a827999);
    run(h, round3Order, [3, 9, 11, 15], 0x6ed9eba1);
    a = (a + aa) >>> 0;
    b = (b + bb) >>> 0;
    c = (c + cc) >>> 0;
    d = (d + dd) >>> 0;
  }
  const out = Buffer.alloc(16);
  [a, b, c, d].forEach((v, i) => out.writeUInt32LE(v, i * 4));
  return out;
}
