export * from './core/hostname.js';
export * from './core/provider-error.js';
export type { ProviderKind } from './core/provider-kind.js';
export { connectOptionsFor, createResolverLookup, resolveAndVet, systemLookup } from './net/vet-address.js';
export type { AllowPrivate, LookupAddress, LookupFn, VetOptions, VettedAddress } from './net/vet-address.js';
export { createHostAllowList } from './net/host-allow-list.js';
export { classifyAddress } from './net/address-class.js';
export type { AddressClass } from './net/address-class.js';
export { createHttpsFetcher, FetchTextError } from './net/fetch-text.js';
export type { FetchText, FetchTextErrorCode, FetchTextOptions, FetchTextResult, HttpsFetcherOptions } from './net/fetch-text.js';
export { detectProvider } from './detection/detect-provider.js';
export { DEFAULT_ISPDB_BASE_URL } from './detection/autoconfig.js';
export type {
  DetectedProvider,
  DetectedServer,
  DetectionDeps,
  DetectionResult,
  DetectionSource,
  DomainSettingsAnswer,
  MailDnsResolver,
  TransportSecurity,
} from './detection/types.js';
