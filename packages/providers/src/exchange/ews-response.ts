import { EwsCallError } from './ews-errors.js';
import { responseMessages, type ResponseMessage, type SoapDocument } from './soap-xml.js';

/** A ResponseMessage of class Error, as the error it reports. */
export function responseError(operation: string, message: ResponseMessage): EwsCallError {
  return new EwsCallError('response', operation, 200, message.responseCode, message.messageText);
}

/** The answer's first ResponseMessage; `missing` says what was expected when there is none. */
export function firstResponseMessage(
  doc: SoapDocument,
  operation: string,
  missing: string,
): ResponseMessage {
  const message = responseMessages(doc.payload)[0];
  if (!message) throw new EwsCallError('response', operation, 200, 'ErrorNoResponse', missing);
  return message;
}

/** The answer's first ResponseMessage, which must not be an Error. */
export function successfulResponse(
  doc: SoapDocument,
  operation: string,
  missing: string,
): ResponseMessage {
  const message = firstResponseMessage(doc, operation, missing);
  if (message.responseClass === 'Error') throw responseError(operation, message);
  return message;
}
