import type { Request, Response } from 'express';
import type { GatewayServices } from '../../gateway-services.js';
import { authenticate, credentialsFrom } from '../identity/authenticate.js';
import { completeOAuthCallback } from './oauth-connect.service.js';

/**
 * GET /oauth/callback: where Google and Microsoft send the browser back. Needs the console session of the
 * user who started the attempt (the session cookie is SameSite=Lax, so it comes with this top-level
 * redirect); always answers with a redirect to the console, never with provider details in the page.
 */
export function oauthCallbackHandler(services: GatewayServices) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const viewer = await authenticate(services, credentialsFrom(req.headers));
      const outcome = await completeOAuthCallback(
        services,
        viewer?.authMethod === 'SESSION' ? viewer : null,
        req.query as Record<string, unknown>,
      );
      res
        .set('cache-control', 'no-store')
        .set('referrer-policy', 'no-referrer')
        .redirect(303, outcome.location);
    } catch (err) {
      services.logger.error({ err }, 'OAuth callback failed');
      res
        .set('cache-control', 'no-store')
        .redirect(303, '/my-email/connect?oauthError=OAUTH_SIGN_IN_FAILED');
    }
  };
}
