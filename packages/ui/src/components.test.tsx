import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Alert, Button, Checkbox, RadioGroup, Select, TextField } from './index';

const noop = () => {};

describe('@inlet/ui markup', () => {
  it('Button is a real <button> that does not submit forms by accident', () => {
    expect(renderToStaticMarkup(<Button>Save</Button>)).toMatch(/^<button type="button" class="ui-button ui-button--secondary"/);
    expect(renderToStaticMarkup(<Button type="submit" busy>Save</Button>)).toContain('aria-disabled="true"');
  });

  it('TextField labels its input and links hint and error through aria-describedby', () => {
    const html = renderToStaticMarkup(<TextField id="port" label="IMAP port" hint="Usually 993" error="Enter a port from 1 to 65535." />);
    expect(html).toContain('<label for="port"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="port-hint port-error"');
    expect(html).toContain('id="port-error"');
  });

  it('TextField without an error is not marked invalid', () => {
    const html = renderToStaticMarkup(<TextField id="host" label="IMAP host" />);
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('aria-describedby');
  });

  it('RadioGroup is a fieldset with a legend and one labelled radio per option', () => {
    const html = renderToStaticMarkup(
      <RadioGroup
        legend="Server type"
        name="kind"
        value="IMAP"
        onChange={noop}
        options={[
          { value: 'IMAP', label: 'IMAP' },
          { value: 'EXCHANGE', label: 'Exchange' },
        ]}
      />,
    );
    expect(html).toMatch(/^<fieldset[^>]*><legend[^>]*>Server type<\/legend>/);
    expect(html.match(/type="radio"/g)).toHaveLength(2);
    expect(html).toMatch(/checked=""[^>]*value="IMAP"|value="IMAP"[^>]*checked=""/);
  });

  it('Select and Checkbox have labels', () => {
    const select = renderToStaticMarkup(
      <Select id="sec" label="IMAP security" value="SSL_TLS" onChange={noop} options={[{ value: 'SSL_TLS', label: 'SSL/TLS' }]} />,
    );
    expect(select).toContain('<label for="sec"');
    const checkbox = renderToStaticMarkup(<Checkbox id="cert" label="Allow non-secure certificate" />);
    expect(checkbox).toContain('<label for="cert"');
  });

  it('Alert uses role=alert for problems and role=status otherwise', () => {
    expect(renderToStaticMarkup(<Alert tone="danger">No</Alert>)).toContain('role="alert"');
    expect(renderToStaticMarkup(<Alert tone="success">Saved</Alert>)).toContain('role="status"');
  });
});
