import type { EwsAuthScheme } from './ews-auth.js';
import { EwsCallError } from './ews-errors.js';
import { sendHttp, type EwsHttpDeps, type HttpAuth, type HttpResponse } from './ews-http.js';
import { sendHttpStream } from './ews-http-stream.js';
import { SoapEnvelopeSplitter } from './soap-stream.js';
import {
  ewsEnvelope,
  parseSoap,
  XmlError,
  type RequestVersion,
  type SoapDocument,
} from './soap-xml.js';

/** The stored settings of an Exchange connection, enough to talk to EWS again (sync, send). */
export interface EwsSettings {
  /** The EWS endpoint (https://host/EWS/Exchange.asmx). */
  url: string;
  scheme: EwsAuthScheme;
  /** The user name form that worked at verification. */
  username: string;
  password: string;
}

/** An authenticated EWS endpoint: one SOAP operation per call. */
export interface EwsClient {
  readonly url: URL;
  readonly scheme: EwsAuthScheme;
  readonly username: string;
  /**
   * Sends one operation (the element inside soap:Body) and returns the parsed response.
   * @throws EwsCallError (401, SOAP fault, redirect, other status, not SOAP), HttpFailure, ProviderError (vet)
   */
  call(
    operation: string,
    body: string,
    version: RequestVersion,
    signal: AbortSignal,
  ): Promise<SoapDocument>;
  /**
   * Sends an operation whose answer is a stream of SOAP envelopes (GetStreamingEvents) and hands
   * each one to `onEnvelope` as it completes; resolves when the server ends the answer.
   * @throws like call() when the answer is not a 200; HttpFailure 'too-large' or EwsCallError
   *   'not-soap' when the stream carries an oversized or malformed envelope; HttpFailure 'network'
   *   when the connection drops.
   */
  stream(
    operation: string,
    body: string,
    version: RequestVersion,
    signal: AbortSignal,
    onEnvelope: (doc: SoapDocument) => void,
  ): Promise<void>;
}

const SOAP_HEADERS = { 'content-type': 'text/xml; charset=utf-8', accept: 'text/xml' };

export function createEwsClient(settings: EwsSettings, deps: EwsHttpDeps): EwsClient {
  const url = new URL(settings.url);
  const auth: HttpAuth = {
    scheme: settings.scheme,
    username: settings.username,
    password: settings.password,
  };
  return {
    url,
    scheme: settings.scheme,
    username: settings.username,
    async call(operation, body, version, signal) {
      const response = await sendHttp(
        {
          method: 'POST',
          url,
          body: ewsEnvelope(version, body),
          headers: SOAP_HEADERS,
          auth,
          signal,
        },
        deps,
      );
      return readSoapResponse(operation, response);
    },
    async stream(operation, body, version, signal, onEnvelope) {
      const splitter = new SoapEnvelopeSplitter(operation, onEnvelope);
      const request = {
        method: 'POST' as const,
        url,
        body: ewsEnvelope(version, body),
        headers: SOAP_HEADERS,
        auth,
        signal,
      };
      const response = await sendHttpStream(request, deps, (text) => splitter.push(text));
      // Only a 200 is a stream; readSoapResponse throws the error any other answer is.
      if (response.status !== 200) readSoapResponse(operation, response);
      splitter.end();
    },
  };
}

/** Sends one operation without credentials: the probe that learns what the endpoint is and how it signs in. */
export function sendUnauthenticated(
  url: URL,
  body: string,
  version: RequestVersion,
  deps: EwsHttpDeps,
  signal: AbortSignal,
): Promise<HttpResponse> {
  return sendHttp(
    {
      method: 'POST',
      url,
      body: ewsEnvelope(version, body),
      headers: SOAP_HEADERS,
      auth: { scheme: 'none' },
      signal,
    },
    deps,
  );
}

/** A 200 with a SOAP body, or an EwsCallError describing what came back instead. */
export function readSoapResponse(operation: string, response: HttpResponse): SoapDocument {
  const { status } = response;
  if (status === 401)
    throw new EwsCallError(
      'unauthorized',
      operation,
      status,
      undefined,
      'the credentials were not accepted',
    );
  if (status >= 300 && status < 400) {
    throw new EwsCallError(
      'redirect',
      operation,
      status,
      undefined,
      `redirects to ${response.headers.location ?? '(no location)'}`,
      response.headers.location,
    );
  }
  const soap = looksLikeXml(response) ? tryParse(response.body) : undefined;
  if (soap?.fault) {
    throw new EwsCallError(
      'fault',
      operation,
      status,
      soap.fault.responseCode ?? soap.fault.code,
      soap.fault.message,
    );
  }
  if (status === 200 && soap) return soap;
  if (status === 200)
    throw new EwsCallError('not-soap', operation, status, undefined, describeBody(response));
  throw new EwsCallError('status', operation, status, undefined, describeBody(response));
}

function looksLikeXml(response: HttpResponse): boolean {
  const type = (response.headers['content-type'] ?? '').toLowerCase();
  return type.includes('xml') || /^\s*(<\?xml|<[A-Za-z_][\w.-]*:Envelope)/.test(response.body);
}

function tryParse(body: string): SoapDocument | undefined {
  try {
    return parseSoap(body);
  } catch (err) {
    if (err instanceof XmlError) return undefined;
    throw err;
  }
}

/** "an HTML page (text/html)", "an empty body", ...: what came back, without echoing it. */
export function describeBody(response: HttpResponse): string {
  const type = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (response.body.trim() === '') return 'an empty body';
  if (type === 'text/html' || /^\s*(<!doctype html|<html)/i.test(response.body))
    return 'an HTML page, not a SOAP response';
  return `a ${type || 'non-SOAP'} body, not a SOAP response`;
}
