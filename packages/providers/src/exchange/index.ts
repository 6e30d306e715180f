/** What the apps use of exchange/ (imported as @inlet/providers/exchange). */
export type { ExchangeConnectInput } from './exchange-settings.js';
export { probeExchangeServer } from './verify-exchange-account.js';
export { normalizeExchangeUrl } from './ews-url.js';
