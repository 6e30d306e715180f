import { describe, expect, it } from 'vitest';
import { accessChangeSentence, viewerDiffers, type ViewerSnapshot } from './live-viewer-model';

const cleo: ViewerSnapshot = {
  canManageWorkspace: false,
  user: { id: 'u1', name: 'Cleo', email: 'cleo@example.com', role: 'USER', seat: 'FULL' },
};
const with_ = (user: Partial<ViewerSnapshot['user']>, canManageWorkspace = false) => ({
  canManageWorkspace,
  user: { ...cleo.user, ...user },
});

describe('live viewer', () => {
  it('notices a change to name, role, seat or workspace access, and nothing else', () => {
    expect(viewerDiffers(cleo, with_({}))).toBe(false);
    expect(viewerDiffers(cleo, with_({ name: 'Cleo B' }))).toBe(true);
    expect(viewerDiffers(cleo, with_({ seat: 'VIEW_ONLY' }))).toBe(true);
    expect(viewerDiffers(cleo, with_({ role: 'ADMIN' }, true))).toBe(true);
  });

  it('says what an admin changed, and what a view-only seat still allows', () => {
    expect(accessChangeSentence(cleo, with_({ name: 'Cleo B' }))).toBeNull();
    expect(accessChangeSentence(cleo, with_({ seat: 'VIEW_ONLY' }))).toBe(
      'An admin changed your access: you now have a view only seat. You can still read everything, but not connect inboxes or send email.',
    );
    expect(accessChangeSentence(with_({ seat: 'VIEW_ONLY' }), cleo)).toBe(
      'An admin changed your access: you now have a full seat.',
    );
    expect(accessChangeSentence(cleo, with_({ role: 'ADMIN', seat: 'VIEW_ONLY' }, true))).toMatch(
      /^An admin changed your access: your role is now Admin and you now have a view only seat\./,
    );
  });
});
