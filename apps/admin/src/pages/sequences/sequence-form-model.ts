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
    windowEndMinute: minutesOf(draft.windowEnd),
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
