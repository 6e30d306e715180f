import { Select, TextField } from '@inlet/ui';
import type { ReactNode } from 'react';
import { exactInput } from '@/lib/exact-input';
import {
  securityOptions,
  usualPorts,
  withSecurity,
  type MailServer,
  type ServerFieldValues,
} from '@/lib/mail-security';

export type ServerField = `${MailServer}${'Host' | 'Port' | 'Security'}`;

const legends: Record<MailServer, string> = {
  imap: 'Incoming mail (IMAP)',
  smtp: 'Outgoing mail (SMTP)',
};

export interface ServerFieldsProps<V extends ServerFieldValues> {
  server: MailServer;
  values: V;
  /** One field was edited: `change` applies it to the form's values (a new encryption brings its usual port along). */
  onChange(change: (current: V) => V, field: ServerField): void;
  /** Ids must stay unique on the page: the form's own field ids. */
  fieldId(field: ServerField): string;
  error(field: ServerField): ReactNode;
  /** More controls for this server (the outgoing credentials), inside its fieldset. */
  children?: ReactNode;
}

/** The host, port and security of the incoming (IMAP) or outgoing (SMTP) server, as one fieldset. */
export function ServerFields<V extends ServerFieldValues>({
  server,
  values,
  onChange,
  fieldId,
  error,
  children,
}: ServerFieldsProps<V>) {
  const host = `${server}Host` as const;
  const port = `${server}Port` as const;
  const security = `${server}Security` as const;
  const name = server.toUpperCase();
  const setText = (field: typeof host | typeof port, value: string) =>
    onChange((current) => ({ ...current, [field]: value }), field);
  return (
    <fieldset className="form-section">
      <legend className="form-section__legend">{legends[server]}</legend>
      <div className="form-grid">
        <TextField
          id={fieldId(host)}
          label={`${name} host`}
          placeholder={`${server}.example.com`}
          value={values[host]}
          onChange={(event) => setText(host, event.target.value)}
          error={error(host)}
          {...exactInput}
        />
        <TextField
          id={fieldId(port)}
          label={`${name} port`}
          inputMode="numeric"
          className="form-grid__port"
          value={values[port]}
          onChange={(event) => setText(port, event.target.value)}
          error={error(port)}
          autoComplete="off"
        />
      </div>
      <Select
        id={fieldId(security)}
        label={`${name} security`}
        hint={`Usually SSL/TLS on port ${usualPorts[server].SSL_TLS}, or STARTTLS on ${usualPorts[server].STARTTLS}.`}
        options={securityOptions}
        value={values[security]}
        onChange={(choice) =>
          onChange((current) => withSecurity(current, server, choice), security)
        }
        error={error(security)}
      />
      {children}
    </fieldset>
  );
}
