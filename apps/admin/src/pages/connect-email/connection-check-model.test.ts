import { describe, expect, it } from 'vitest';
import type { VerificationStep } from '@/gql/graphql';
import {
  applyStepEvent,
  finishConnected,
  finishFailed,
  finishInterrupted,
  startCheck as startCheckOf,
  stepOf,
  type ConnectionCheck,
} from './connection-check-model';

// The steps Query.providers gives for IMAP and for Exchange.
const imapSteps: VerificationStep[] = [
  'VET',
  'TCP',
  'TLS',
  'GREETING',
  'LOGIN',
  'FOLDERS',
  'SMTP',
  'TEST_EMAIL',
  'SAVE',
];
const exchangeVerificationSteps: VerificationStep[] = [
  'DISCOVERY',
  'TLS',
  'LOGIN',
  'FOLDERS',
  'TEST_EMAIL',
  'SAVE',
];
const startCheck = (checkId: string, steps: readonly VerificationStep[] = imapSteps) =>
  startCheckOf(checkId, steps);

const states = (check: ConnectionCheck) =>
  Object.fromEntries(check.steps.map((s) => [s.step, s.state]));

describe('connection check model', () => {
  it('starts with every step waiting, in order', () => {
    const check = startCheck('c1');
    expect(check.steps.map((s) => s.step)).toEqual(imapSteps);
    expect(new Set(check.steps.map((s) => s.state))).toEqual(new Set(['pending']));
  });

  it('paints pushed events of its own check only, and never moves a finished step back', () => {
    let check = startCheck('c1');
    check = applyStepEvent(check, { checkId: 'c1', step: 'VET', status: 'RUNNING' });
    expect(stepOf(check, 'VET')?.state).toBe('running');
    expect(check.lastChanged).toBe('VET');
    check = applyStepEvent(check, {
      checkId: 'c1',
      step: 'VET',
      status: 'PASSED',
      detail: '127.0.0.1 (allowed by your administrator)',
    });
    expect(stepOf(check, 'VET')).toEqual({
      step: 'VET',
      state: 'passed',
      detail: '127.0.0.1 (allowed by your administrator)',
    });
    const before = check;
    expect(applyStepEvent(check, { checkId: 'other', step: 'TCP', status: 'RUNNING' })).toBe(
      before,
    );
    expect(applyStepEvent(check, { checkId: 'c1', step: 'VET', status: 'RUNNING' })).toBe(before);
  });

  it('shows a failed step with its message and what the server said', () => {
    const check = applyStepEvent(startCheck('c1'), {
      checkId: 'c1',
      step: 'TLS',
      status: 'FAILED',
      detail: null,
      error: { message: 'The certificate is not trusted.', detail: 'self-signed certificate' },
    });
    expect(stepOf(check, 'TLS')).toEqual({
      step: 'TLS',
      state: 'failed',
      detail: 'The certificate is not trusted. self-signed certificate',
    });
  });

  it('on success marks missed steps passed (the subscription may start late) but keeps reported skips', () => {
    let check = startCheck('c1');
    check = applyStepEvent(check, { checkId: 'c1', step: 'LOGIN', status: 'RUNNING' });
    check = applyStepEvent(check, { checkId: 'c1', step: 'TEST_EMAIL', status: 'SKIPPED' });
    check = finishConnected(check);
    expect(check.outcome).toBe('connected');
    expect(states(check)).toEqual({
      VET: 'passed',
      TCP: 'passed',
      TLS: 'passed',
      GREETING: 'passed',
      LOGIN: 'passed',
      FOLDERS: 'passed',
      SMTP: 'passed',
      TEST_EMAIL: 'skipped',
      SAVE: 'passed',
    });
  });

  it('on failure trusts the mutation: earlier steps passed, the failing one failed, later ones did not run', () => {
    let check = startCheck('c1');
    check = applyStepEvent(check, { checkId: 'c1', step: 'TCP', status: 'RUNNING' });
    check = finishFailed(check, { step: 'TLS', message: 'Not trusted.', detail: null });
    expect(states(check)).toMatchObject({
      VET: 'passed',
      TCP: 'passed',
      TLS: 'failed',
      GREETING: 'skipped',
      SAVE: 'skipped',
    });
    expect(stepOf(check, 'TLS')?.detail).toBe('Not trusted.');
    expect(check.lastChanged).toBe('TLS');
  });

  it('after the answer, a late event may only add a missing detail', () => {
    let check = finishConnected(startCheck('c1'));
    check = applyStepEvent(check, {
      checkId: 'c1',
      step: 'TLS',
      status: 'PASSED',
      detail: 'TLS 1.3',
    });
    expect(stepOf(check, 'TLS')).toEqual({ step: 'TLS', state: 'passed', detail: 'TLS 1.3' });
    const settled = check;
    expect(applyStepEvent(check, { checkId: 'c1', step: 'SAVE', status: 'RUNNING' })).toBe(settled);
    expect(
      applyStepEvent(check, { checkId: 'c1', step: 'TLS', status: 'PASSED', detail: 'other' }),
    ).toBe(settled);
  });

  it('when the mutation itself fails, a running step is shown as not finished', () => {
    const check = finishInterrupted(
      applyStepEvent(startCheck('c1'), { checkId: 'c1', step: 'VET', status: 'RUNNING' }),
    );
    expect(check.outcome).toBe('interrupted');
    expect(stepOf(check, 'VET')?.state).toBe('pending');
  });

  it('runs the Exchange list: its own rows, failures placed within it', () => {
    let check = startCheck('c1', exchangeVerificationSteps);
    expect(check.steps.map((s) => s.step)).toEqual([
      'DISCOVERY',
      'TLS',
      'LOGIN',
      'FOLDERS',
      'TEST_EMAIL',
      'SAVE',
    ]);
    check = applyStepEvent(check, {
      checkId: 'c1',
      step: 'DISCOVERY',
      status: 'PASSED',
      detail: 'From your administrator',
    });
    check = finishFailed(check, { step: 'LOGIN', message: 'Wrong password.' });
    expect(states(check)).toEqual({
      DISCOVERY: 'passed',
      TLS: 'passed',
      LOGIN: 'failed',
      FOLDERS: 'skipped',
      TEST_EMAIL: 'skipped',
      SAVE: 'skipped',
    });
    expect(stepOf(check, 'DISCOVERY')?.detail).toBe('From your administrator');
  });

  it('shows a VET report of an Exchange check on its DISCOVERY row', () => {
    let check = startCheck('c1', exchangeVerificationSteps);
    check = applyStepEvent(check, { checkId: 'c1', step: 'VET', status: 'RUNNING' });
    expect(stepOf(check, 'DISCOVERY')?.state).toBe('running');
    expect(check.lastChanged).toBe('DISCOVERY');
    check = finishFailed(check, { step: 'VET', message: 'That is Outlook on the web.' });
    expect(states(check)).toMatchObject({ DISCOVERY: 'failed', TLS: 'skipped', SAVE: 'skipped' });
  });

  it('a failure at a step the list does not show leaves the rows as they were (running ones not finished)', () => {
    let check = startCheck('c1', exchangeVerificationSteps);
    check = applyStepEvent(check, { checkId: 'c1', step: 'TLS', status: 'RUNNING' });
    check = finishFailed(check, { step: 'SMTP', message: 'No.' });
    expect(check.outcome).toBe('failed');
    expect(stepOf(check, 'TLS')?.state).toBe('pending');
  });
});
