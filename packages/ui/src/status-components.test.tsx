import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Badge, CheckboxGroup, ProgressBar } from './index';

const noop = () => {};

describe('@inlet/ui status and filter markup', () => {
  it('ProgressBar is a labelled progressbar whose value is also in words', () => {
    const html = renderToStaticMarkup(
      <ProgressBar label="Syncing INBOX" value={120} max={340} valueText="120 of 340" />,
    );
    const labelId = /<span id="([^"]+)" class="ui-progress__label">Syncing INBOX<\/span>/.exec(
      html,
    )?.[1];
    expect(labelId).toBeDefined();
    expect(html).toContain(
      `role="progressbar" aria-labelledby="${labelId}" aria-valuemin="0" aria-valuemax="340" aria-valuenow="120" aria-valuetext="120 of 340"`,
    );
    expect(html).toContain('width:35%');
    expect(html).toContain(': 120 of 340');
  });

  it('ProgressBar without a total is indeterminate (no value claimed) and clamps an overshoot', () => {
    const indeterminate = renderToStaticMarkup(<ProgressBar label="Syncing" value={0} max={0} />);
    expect(indeterminate).toContain('ui-progress--indeterminate');
    expect(indeterminate).not.toContain('aria-valuenow');
    expect(renderToStaticMarkup(<ProgressBar label="Syncing" value={500} max={340} />)).toContain(
      'aria-valuenow="340"',
    );
  });

  it('CheckboxGroup is a fieldset with a legend and one labelled checkbox per option', () => {
    const html = renderToStaticMarkup(
      <CheckboxGroup
        legend="Status"
        variant="chips"
        value={['ERROR']}
        onChange={noop}
        options={[
          { value: 'RETRYING', label: 'Retrying' },
          { value: 'ERROR', label: 'Error' },
        ]}
      />,
    );
    expect(html).toMatch(
      /^<fieldset class="ui-checkbox-group ui-checkbox-group--chips"><legend[^>]*>Status<\/legend>/,
    );
    expect(html.match(/type="checkbox"/g)).toHaveLength(2);
    expect(html).toMatch(/checked="" value="ERROR"/);
    expect(html).not.toMatch(/checked="" value="RETRYING"/);
    const ids = [...html.matchAll(/<input id="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(html).toContain(`<label for="${id}"`);
  });

  it('Badge icons are hidden from screen readers; strong emphasis is a class', () => {
    const html = renderToStaticMarkup(
      <Badge tone="danger" emphasis="strong" icon="!">
        Needs reconnecting
      </Badge>,
    );
    expect(html).toBe(
      '<span class="ui-badge ui-badge--danger ui-badge--strong"><span class="ui-badge__icon" aria-hidden="true">!</span>Needs reconnecting</span>',
    );
    expect(renderToStaticMarkup(<Badge>Plain</Badge>)).toBe(
      '<span class="ui-badge ui-badge--neutral">Plain</span>',
    );
  });
});
