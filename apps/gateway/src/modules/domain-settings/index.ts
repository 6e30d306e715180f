import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { DomainSettings } from './resolvers/DomainSettings.js';
import { createDomainSettings } from './resolvers/Mutation/createDomainSettings.js';
import { deleteDomainSettings } from './resolvers/Mutation/deleteDomainSettings.js';
import { testDomainSettings } from './resolvers/Mutation/testDomainSettings.js';
import { updateDomainSettings } from './resolvers/Mutation/updateDomainSettings.js';
import { domainSettings } from './resolvers/Query/domainSettings.js';
import { domainSettingsList } from './resolvers/Query/domainSettingsList.js';
import { domainSettingsChanged } from './resolvers/Subscription/domainSettingsChanged.js';

export const domainSettingsResolvers: Resolvers = {
  Query: { domainSettingsList, domainSettings },
  Mutation: {
    createDomainSettings,
    updateDomainSettings,
    deleteDomainSettings,
    testDomainSettings,
  },
  Subscription: { domainSettingsChanged },
  DomainSettings,
};
