import { runProviderContractTests } from '../testing/provider-contract.js';
import { xoauth2ContractPeer } from '../testing/xoauth2-contract-peer.js';
import { microsoftProvider } from './microsoft-provider.js';

const module = microsoftProvider({ timing: { autoIdleDelayMs: 100, debounceMs: 50 } });

// The local OpenID provider playing Microsoft (rotating refresh tokens), Dovecot with the oauth2 passdb, an SMTP server with XOAUTH2.
runProviderContractTests({ module, peer: xoauth2ContractPeer('MICROSOFT', module) });
