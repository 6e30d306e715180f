import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  Alert,
  Button,
  buttonClassName,
  Checkbox,
  Disclosure,
  ProgressSteps,
  RadioGroup,
  Select,
  TextArea,
  TextField,
} from './index';

const noop = () => {};

describe('@inlet/ui markup', () => {
  it('Button is a real <button> that does not submit forms by accident', () => {
    expect(renderToStaticMarkup(<Button>Save</Button>)).toMatch(
      /^<button type="button" class="ui-button ui-button--secondary"/,
    );
    expect(
      renderToStaticMarkup(
        <Button type="submit" busy>
          Save
        </Button>,
      ),
    ).toContain('aria-disabled="true"');
  });

  it('TextField labels its input and links hint and error through aria-describedby', () => {
    const html = renderToStaticMarkup(
      <TextField
        id="port"
        label="IMAP port"
        hint="Usually 993"
        error="Enter a port from 1 to 65535."
      />,
    );
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

  it('TextArea labels its text area and links hint and error through aria-describedby', () => {
    const html = renderToStaticMarkup(
      <TextArea id="body" label="Message" hint="Plain text." error="Write a message." />,
    );
    expect(html).toContain('<label for="body"');
    expect(html).toMatch(
      /<textarea id="body" rows="6" class="ui-input ui-textarea" aria-invalid="true" aria-describedby="body-hint body-error"/,
    );
    expect(html).toContain('id="body-error"');
    expect(renderToStaticMarkup(<TextArea id="body" label="Message" />)).not.toContain(
      'aria-invalid',
    );
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
      <Select
        id="sec"
        label="IMAP security"
        value="SSL_TLS"
        onChange={noop}
        options={[{ value: 'SSL_TLS', label: 'SSL/TLS' }]}
      />,
    );
    expect(select).toContain('<label for="sec"');
    const checkbox = renderToStaticMarkup(
      <Checkbox id="cert" label="Allow non-secure certificate" />,
    );
    expect(checkbox).toContain('<label for="cert"');
  });

  it('Alert uses role=alert for problems and role=status otherwise', () => {
    expect(renderToStaticMarkup(<Alert tone="danger">No</Alert>)).toContain('role="alert"');
    expect(renderToStaticMarkup(<Alert tone="success">Saved</Alert>)).toContain('role="status"');
  });

  it('buttonClassName lets a link look like a button', () => {
    expect(buttonClassName({ variant: 'primary' })).toBe('ui-button ui-button--primary');
    expect(buttonClassName({ size: 'sm', className: 'x' })).toBe(
      'ui-button ui-button--secondary ui-button--sm x',
    );
  });

  it('TextField and Checkbox accept an error made of inline elements', () => {
    const html = renderToStaticMarkup(
      <Checkbox
        id="trust"
        label="Trust any certificate"
        error={
          <>
            <span>Not trusted.</span> <span>Tick it.</span>
          </>
        }
      />,
    );
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('<p id="trust-error" class="ui-field__error">');
    expect(html).toContain('<span>Not trusted.</span> <span>Tick it.</span>');
  });

  it('Disclosure is a button with aria-expanded controlling content that stays mounted while hidden', () => {
    const closed = renderToStaticMarkup(
      <Disclosure summary="Advanced options" open={false} onOpenChange={noop}>
        <TextField id="host" label="IMAP host" />
      </Disclosure>,
    );
    expect(closed).toMatch(
      /<button type="button" class="ui-disclosure__button" aria-expanded="false" aria-controls="([^"]+)"/,
    );
    const controls = /aria-controls="([^"]+)"/.exec(closed)?.[1];
    expect(closed).toContain(`<div id="${controls}" class="ui-disclosure__content" hidden="">`);
    expect(closed).toContain('IMAP host');
    const open = renderToStaticMarkup(
      <Disclosure summary="Advanced options" open onOpenChange={noop}>
        x
      </Disclosure>,
    );
    expect(open).toContain('aria-expanded="true"');
    expect(open).not.toContain('hidden=""');
  });

  it('ProgressSteps is a labelled ordered list that writes every state out', () => {
    const html = renderToStaticMarkup(
      <ProgressSteps
        label="Connection check"
        steps={[
          { id: 'a', label: 'Connect', status: 'passed', detail: '127.0.0.1:993' },
          { id: 'b', label: 'Encryption', status: 'running' },
          { id: 'c', label: 'Sign in', status: 'pending' },
        ]}
        statusText={{ pending: 'Not started' }}
      />,
    );
    expect(html).toMatch(/^<ol class="ui-progress-steps" aria-label="Connection check">/);
    expect(html.match(/<li /g)).toHaveLength(3);
    expect(html).toContain('Passed');
    expect(html).toContain('In progress');
    expect(html).toContain('Not started');
    expect(html).toContain('aria-current="step"');
    expect(html).toContain('127.0.0.1:993');
  });
});
