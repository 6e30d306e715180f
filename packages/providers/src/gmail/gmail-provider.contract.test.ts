import { runProviderContractTests } from '../testing/provider-contract.js';
import { xoauth2ContractPeer } from '../testing/xoauth2-contract-peer.js';
import { gmailProvider } from './gmail-provider.js';

const module = gmailProvider({ timing: { autoIdleDelayMs: 100, debounceMs: 50 } });

// The local OpenID provider playing Google, Dovecot with the oauth2 passdb, an SMTP server with XOAUTH2.
runProviderContractTests({ module, peer: xoauth2ContractPeer('GOOGLE', module) });
