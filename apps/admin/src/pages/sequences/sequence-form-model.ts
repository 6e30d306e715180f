import type { SequenceDelayUnit, SequenceInput } from '@/gql/graphql';

export interface StepDraft {
  subject: string;
  body: string;
  delayAmount: string;
  delayUnit: SequenceDelayUnit;
  replyInThread: boolean;
}

export interface SequenceDraft {
  name: string;
  connectionId: string;
  timeZone: string;
  windowStart: string;
  windowEnd: string;
  businessDaysOnly: boolean;
  stopOnAutoReply: boolean;
  shared: boolean;
  steps: StepDraft[];
}

export function newStep(first: boolean): StepDraft {
  return first
    ? {
        subject: 'Quick question, {{first_name}}',
        body: 'Hi {{first_name}},\n\n\nBest,\n{{sender.first_name}}',
        delayAmount: '0',
        delayUnit: 'HOURS',
        replyInThread: false,
      }
    : {
        subject: '',
        body: 'Hi {{first_name}}, following up on my last email.\n\n{{sender.first_name}}',
        delayAmount: '3',
        delayUnit: 'BUSINESS_DAYS',
        replyInThread: true,
      };
}

export function newSequenceDraft(connectionId: string): SequenceDraft {
  return {
    name: '',
    connectionId,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    windowStart: '09:00',
    windowEnd: '17:00',
    businessDaysOnly: true,
    stopOnAutoReply: false,
    shared: false,
    steps: [newStep(true)],
  };
}

/** "09:30" -> 570; an unreadable time gives NaN, which the gateway refuses with its own message. */
export function minutesOf(time: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}

export function sequenceInput(draft: SequenceDraft): SequenceInput {
  return {
    name: draft.name,
    connectionId: draft.connectionId,
    timeZone: draft.timeZone,
    windowStartMinute: minutesOf(draft.windowStart),
    // The end is exclusive: 00:00 means midnight at the end of the day.
    windowEndMinute: minutesOf(draft.windowEnd) || 24 * 60,
    businessDaysOnly: draft.businessDaysOnly,
    stopOnAutoReply: draft.stopOnAutoReply,
    shared: draft.shared,
    steps: draft.steps.map((step, i) => ({
      subject: step.subject,
      body: step.body,
      delayAmount: Number.parseInt(step.delayAmount, 10) || 0,
      delayUnit: step.delayUnit,
      replyInThread: i > 0 && step.replyInThread,
    })),
  };
}

/** 570 -> "09:30"; the end of the day (1440) is "00:00", read back as midnight by sequenceInput. */
export function timeOf(minutes: number): string {
  const m = minutes % (24 * 60);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A saved sequence as the editor's draft. */
export function draftOf(sequence: {
  name: string;
  shared: boolean;
  settings: {
    connectionId?: string | null;
    timeZone: string;
    windowStartMinute: number;
    windowEndMinute: number;
    businessDaysOnly: boolean;
    stopOnAutoReply: boolean;
  };
  steps: readonly {
    subject: string;
    body: string;
    delayAmount: number;
    delayUnit: SequenceDelayUnit;
    replyInThread: boolean;
  }[];
}): SequenceDraft {
  const { settings } = sequence;
  return {
    name: sequence.name,
    connectionId: settings.connectionId ?? '',
    timeZone: settings.timeZone,
    windowStart: timeOf(settings.windowStartMinute),
    windowEnd: timeOf(settings.windowEndMinute),
    businessDaysOnly: settings.businessDaysOnly,
    stopOnAutoReply: settings.stopOnAutoReply,
    shared: sequence.shared,
    steps: sequence.steps.map((step) => ({
      subject: step.subject,
      body: step.body,
      delayAmount: String(step.delayAmount),
      delayUnit: step.delayUnit,
      replyInThread: step.replyInThread,
    })),
  };
}

/** Addresses typed one per line or separated by commas or spaces, deduplicated. */
export function parseAddresses(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((a) => a.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}
