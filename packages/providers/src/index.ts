export * from './core/hostname.js';
export type { ProviderKind } from './core/provider-kind.js';
