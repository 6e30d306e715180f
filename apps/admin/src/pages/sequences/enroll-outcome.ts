/** What enrolling did, as the console says it; contacts who replied recently wait for "Enroll anyway". */
export interface EnrollOutcome {
  message: string;
  /** Refused with RECENTLY_REPLIED: enrolled only once the user confirms. */
  recentlyReplied: { contactId: string; email: string }[];
}

interface Refusal {
  contactId?: string | null;
  email?: string | null;
  code: string;
  message: string;
}

export function enrollOutcome(batch: {
  enrolled: readonly unknown[];
  refused: readonly Refusal[];
}): EnrollOutcome {
  const recentlyReplied = batch.refused.flatMap((r) =>
    r.code === 'RECENTLY_REPLIED' && r.contactId
      ? [{ contactId: r.contactId, email: r.email ?? r.contactId }]
      : [],
  );
  const others = batch.refused.filter((r) => r.code !== 'RECENTLY_REPLIED').map((r) => r.message);
  const count = batch.enrolled.length;
  return {
    message: [`${count} enrolled.`, ...others].join(' '),
    recentlyReplied,
  };
}
