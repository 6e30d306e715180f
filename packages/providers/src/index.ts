export * from './core/hostname.js';
export * from './core/provider-error.js';
export type { ProviderKind } from './core/provider-kind.js';
