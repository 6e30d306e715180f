import { isProviderError, type ProviderStep } from '../core/provider-error.js';
import { classifyConnectionError } from './connection-errors.js';
import { stepError, type ServerFields, type VetHost } from '../core/steps.js';

/**
 * Runs the injected resolve-and-vet function. Its refusals keep their code (HOST_NOT_FOUND,
 * HOST_NOT_ALLOWED) but are reported at this check's step and field (imapHost or smtpHost).
 */
export async function vetHost(
  vet: VetHost,
  host: string,
  port: number,
  fields: ServerFields,
  step: ProviderStep,
): ReturnType<VetHost> {
  try {
    return await vet(host, port);
  } catch (err) {
    if (isProviderError(err)) throw stepError(err.code, step, fields, err.detail, err);
    throw (
      classifyConnectionError(err, { step, fields, host }) ??
      stepError('HOST_NOT_FOUND', step, fields, `${host} could not be resolved.`, err)
    );
  }
}
