import { Badge, Button, cx, VisuallyHidden } from '@inlet/ui';
import { useId } from 'react';
import { getFragmentData, graphql, type FragmentType } from '@/gql';
import { formatDateTime } from '@/lib/format-date';
import type { ReplyTarget } from './compose-form-model';
import { activityTypeLabels } from './timeline-model';

export const TimelineEntry_ActivityFragment = graphql(`
  fragment TimelineEntry_ActivityFragment on EmailActivity {
    id
    type
    subject
    snippet
    occurredAt
  }
`);

export interface TimelineEntryProps {
  /** The list item's id, so focus can be moved into it. */
  domId?: string;
  /** The contact's address, for "to …" or "from …". */
  contactEmail: string;
  activity: FragmentType<typeof TimelineEntry_ActivityFragment>;
  /** Arrived while the page was open. */
  isNew: boolean;
  onReply(target: ReplyTarget): void;
}

/** One email on a contact's timeline: sent by the user (outgoing) or a reply logged from their inbox (incoming). */
export function TimelineEntry({
  domId,
  contactEmail,
  activity: activityRef,
  isNew,
  onReply,
}: TimelineEntryProps) {
  const activity = getFragmentData(TimelineEntry_ActivityFragment, activityRef);
  const id = useId();
  const kind = activityTypeLabels[activity.type];
  const subject = activity.subject?.trim() || '(no subject)';
  return (
    <li
      id={domId}
      className={cx(
        'timeline-entry',
        activity.type === 'REPLY' ? 'timeline-entry--incoming' : 'timeline-entry--outgoing',
        isNew && 'timeline-entry--new',
      )}
      aria-labelledby={`${id}-subject`}
      aria-describedby={`${id}-meta`}
    >
      <span className="timeline-entry__marker" aria-hidden="true">
        {activity.type === 'REPLY' ? '↙' : '↗'}
      </span>
      <div className="timeline-entry__body">
        <p id={`${id}-meta`} className="timeline-entry__meta">
          <Badge tone={kind.tone}>{kind.label}</Badge>
          <span>
            {kind.direction} {contactEmail}
          </span>
          <span aria-hidden="true">·</span>
          <time dateTime={activity.occurredAt}>{formatDateTime(activity.occurredAt)}</time>
          {isNew && <Badge tone="warning">New</Badge>}
        </p>
        <h3 id={`${id}-subject`} className="timeline-entry__subject">
          {subject}
        </h3>
        {activity.snippet && <p className="timeline-entry__snippet">{activity.snippet}</p>}
      </div>
      <Button
        size="sm"
        className="timeline-entry__reply"
        onClick={() =>
          onReply({
            activityId: activity.id,
            type: activity.type,
            subject: activity.subject ?? null,
            occurredAt: activity.occurredAt,
          })
        }
      >
        Reply<VisuallyHidden> to “{subject}”</VisuallyHidden>
      </Button>
    </li>
  );
}
