/** What the apps use of transport/ (imported as @inlet/providers/transport). */
export { classifyAddress, parseIpAddress } from './address-class.js';
export { createHttpsFetcher } from './fetch-text.js';
export type { FetchText } from './fetch-text.js';
export { createHostAllowList } from './host-allow-list.js';
export { createResolverLookup, resolveAndVet, systemLookup } from './vet-address.js';
export type { AllowPrivate, LookupFn, VettedAddress } from './vet-address.js';
export { openVettedRequest, readBody, responseTo, vetTarget } from './vetted-https.js';
export type { VettedTarget } from './vetted-https.js';
