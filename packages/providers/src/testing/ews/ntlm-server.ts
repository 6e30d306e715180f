import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { md4 } from './md4.js';

/**
 * The server side of NTLM (MS-NLMP) as IIS runs it for EWS, enough for @ewsjs/xhr's client:
 * type 1 (negotiate) -> 401 with a type 2 challenge (server challenge + target info) -> type 3
 * (authenticate) on the same connection. Only NTLMv2 responses are accepted (as with Windows'
 * LmCompatibilityLevel 5): NTProofStr = HMAC-MD5(NTOWFv2, server challenge || blob) is recomputed
 * from the account's password and compared. Not checked: the LMv2 response, the blob's timestamp
 * and the MIC (the client sends none), and there is no session key or signing.
 */

const SIGNATURE = Buffer.from('NTLMSSP\0', 'ascii');

// Flags of the type 2 message: Unicode strings, NTLM, a domain target, extended session security
// (the client then answers NTLMv2) and the target info block.
const FLAGS =
  0x00000001 | // NEGOTIATE_UNICODE
  0x00000004 | // REQUEST_TARGET
  0x00000200 | // NEGOTIATE_NTLM
  0x00008000 | // NEGOTIATE_ALWAYS_SIGN
  0x00010000 | // TARGET_TYPE_DOMAIN
  0x00080000 | // NEGOTIATE_EXTENDED_SESSIONSECURITY
  0x00800000; // NEGOTIATE_TARGET_INFO

export interface NtlmServerIdentity {
  /** NetBIOS domain (CORP). */
  domain: string;
  /** NetBIOS computer name (EXCH01). */
  computer: string;
  /** DNS domain (corp.example). */
  dnsDomain: string;
}

export type NtlmMessage =
  | { type: 1 }
  | { type: 3; user: string; domain: string; workstation: string; ntResponse: Buffer }
  | { type: 'invalid'; reason: string };

/** Reads the base64 token of an `Authorization: NTLM <token>` header. */
export function readNtlmMessage(token: string): NtlmMessage {
  const buf = Buffer.from(token, 'base64');
  if (buf.length < 12 || !buf.subarray(0, 8).equals(SIGNATURE))
    return { type: 'invalid', reason: 'not an NTLMSSP message' };
  const type = buf.readUInt32LE(8);
  if (type === 1) return { type: 1 };
  if (type !== 3 || buf.length < 52)
    return { type: 'invalid', reason: `unexpected message type ${type}` };
  const field = (offset: number): Buffer | undefined => {
    const length = buf.readUInt16LE(offset);
    const start = buf.readUInt32LE(offset + 4);
    return start + length <= buf.length ? buf.subarray(start, start + length) : undefined;
  };
  const nt = field(20);
  const domain = field(28);
  const user = field(36);
  const workstation = field(44);
  if (!nt || !domain || !user || !workstation)
    return { type: 'invalid', reason: 'a field points outside the message' };
  // The type 2 message negotiated Unicode, so every string is UTF-16LE.
  return {
    type: 3,
    user: user.toString('utf16le'),
    domain: domain.toString('utf16le'),
    workstation: workstation.toString('utf16le'),
    ntResponse: Buffer.from(nt),
  };
}

/** A fresh type 2 message: returns the header token and the 8-byte challenge to keep for this connection. */
export function createChallenge(identity: NtlmServerIdentity): {
  token: string;
  challenge: Buffer;
} {
  const challenge = randomBytes(8);
  const targetName = Buffer.from(identity.domain.toUpperCase(), 'utf16le');
  const filetime = (BigInt(Date.now()) + 11_644_473_600_000n) * 10_000n;
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64LE(filetime);
  const targetInfo = Buffer.concat([
    avPair(2, Buffer.from(identity.domain.toUpperCase(), 'utf16le')), // MsvAvNbDomainName
    avPair(1, Buffer.from(identity.computer.toUpperCase(), 'utf16le')), // MsvAvNbComputerName
    avPair(4, Buffer.from(identity.dnsDomain, 'utf16le')), // MsvAvDnsDomainName
    avPair(3, Buffer.from(`${identity.computer.toLowerCase()}.${identity.dnsDomain}`, 'utf16le')), // MsvAvDnsComputerName
    avPair(7, timestamp), // MsvAvTimestamp
    avPair(0, Buffer.alloc(0)), // MsvAvEOL
  ]);
  const header = Buffer.alloc(48);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  const payloadStart = header.length;
  writeSecurityBuffer(header, 12, targetName.length, payloadStart);
  header.writeUInt32LE(FLAGS >>> 0, 20);
  challenge.copy(header, 24);
  writeSecurityBuffer(header, 40, targetInfo.length, payloadStart + targetName.length);
  return { token: Buffer.concat([header, targetName, targetInfo]).toString('base64'), challenge };
}

/** NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain)). */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  const ntHash = md4(Buffer.from(password, 'utf16le'));
  return createHmac('md5', ntHash)
    .update(Buffer.from(user.toUpperCase() + domain, 'utf16le'))
    .digest();
}

/** True when the type 3 message's NTLMv2 response was computed with `password` for this challenge. */
export function verifyNtlmV2(
  message: Extract<NtlmMessage, { type: 3 }>,
  challenge: Buffer,
  password: string,
): boolean {
  // NTLMv1 answers are 24 bytes; NTLMv2 is a 16-byte proof followed by the client's blob.
  if (message.ntResponse.length <= 24) return false;
  const proof = message.ntResponse.subarray(0, 16);
  const blob = message.ntResponse.subarray(16);
  const expected = createHmac('md5', ntowfv2(password, message.user, message.domain))
    .update(Buffer.concat([challenge, blob]))
    .digest();
  return timingSafeEqual(proof, expected);
}

function avPair(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
}

function writeSecurityBuffer(
  buf: Buffer,
  offset: number,
  length: number,
  dataOffset: number,
): void {
  buf.writeUInt16LE(length, offset);
  buf.writeUInt16LE(length, offset + 2);
  buf.writeUInt32LE(dataOffset, offset + 4);
}
