import { Alert, CopyButton } from '@inlet/ui';
import { passwordLinkUrl } from '@/lib/routes';
import { formatDateTime } from '@/lib/format-date';

export interface PasswordLinkNoticeProps {
  name: string;
  secret: string;
  expiresAt: string;
}

/** A one-time set-password link, shown once: Inlet sends no email of its own, so the admin hands it over. */
export function PasswordLinkNotice({ name, secret, expiresAt }: PasswordLinkNoticeProps) {
  const url = passwordLinkUrl(window.location.origin, secret);
  return (
    <Alert tone="success" role="status" title={`Password link for ${name}`}>
      <p>
        Send this link to {name} yourself. It sets their password once and works until{' '}
        {formatDateTime(expiresAt)}. It is shown only now.
      </p>
      <p>
        <code className="password-link">{url}</code>{' '}
        <CopyButton text={url} aria-label={`Copy the password link for ${name}`} />
      </p>
    </Alert>
  );
}
