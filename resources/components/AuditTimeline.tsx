import React, { useCallback, useEffect, useState } from 'react';
import { Box, Button, H4, Link, Loader, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, type BasePropertyProps } from 'adminjs';
import { None, Rows, person, when, words } from './cockpit-parts.tsx';

/**
 * An audit timeline: when, who (role, registration id, name), what, on what, and the changed
 * fields before → after. Used on the order cockpit (its Audit section) and on a user's page
 * (read through the users resource's read-only `audit` action: src/analytics/cockpit
 * personAuditTimeline). "Show more" reads the next, older page.
 */
export interface AuditRow {
  id: number;
  at: string;
  action: string;
  targetType: string;
  targetId: string | null;
  actorRole: string;
  actor: { role: string; registrationId: string; name: string } | null;
  impersonator: { role: string; registrationId: string; name: string } | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string | null;
}
export interface AuditPage {
  items: AuditRow[];
  nextBefore: number | null;
}

/** A value as the row shows it: long ones (a price breakdown) cut short — the audit log's record has them whole. */
function shown(v: unknown): string {
  const text = v === undefined ? '∅' : typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function changes(row: AuditRow): React.ReactNode {
  const keys = [...new Set([...Object.keys(row.before), ...Object.keys(row.after)])];
  return (
    <>
      {keys.map((k) => (
        <div key={k}>
          {k}: {shown(row.before[k])} → {shown(row.after[k])}
        </div>
      ))}
      {row.reason ? <div>reason: {row.reason}</div> : null}
    </>
  );
}

export const AuditRows: React.FC<{ page: AuditPage; onMore?: () => void; loading?: boolean }> = ({ page, onMore, loading }) => (
  <Box>
    {page.items.length === 0 ? (
      <None>No audit rows.</None>
    ) : (
      <Rows
        testId="audit-rows"
        head={['When', 'Who', 'Action', 'On', 'Changes']}
        items={page.items}
        keyOf={(r) => r.id}
        cells={(r) => [
          // The whole row (ip, request id, every value) is the audit log's record.
          <Link key="at" href={`/admin/resources/audit_logs/records/${r.id}/show`}>
            {when(r.at)}
          </Link>,
          `${person(r.actor, r.actorRole)}${r.impersonator ? ` (as ${person(r.impersonator)})` : ''}`,
          words(r.action),
          `${words(r.targetType)} ${r.targetId ?? ''}`,
          changes(r),
        ]}
      />
    )}
    {page.nextBefore !== null && onMore ? (
      <Button mt="default" size="sm" onClick={onMore} disabled={loading} data-testid="audit-more">
        Show more
      </Button>
    ) : null}
  </Box>
);

const api = new ApiClient();

/** The user page's audit timeline (the users resource's `audit` read action). */
const AuditTimeline: React.FC<BasePropertyProps> = ({ record, resource }) => {
  const [page, setPage] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const recordId = record?.id;
  const load = useCallback(
    (before: number | null) => {
      if (!recordId) return;
      setLoading(true);
      api
        .recordAction({ resourceId: resource.id, recordId, actionName: 'audit', params: before ? { before } : {} })
        .then((response) => {
          const data = response.data as unknown as { audit?: AuditPage; notice?: { message: string } };
          if (data.audit) {
            const next = data.audit;
            setPage((prev) => (prev && before ? { items: [...prev.items, ...next.items], nextBefore: next.nextBefore } : next));
          } else setError(data.notice?.message ?? 'The audit timeline could not be loaded.');
        })
        .catch(() => setError('The audit timeline could not be loaded.'))
        .finally(() => setLoading(false));
    },
    [recordId, resource.id],
  );
  useEffect(() => load(null), [load]);
  if (error) return <MessageBox mb="xl" variant="info" message={error} />;
  if (!page) return <Loader />;
  return (
    <Box mb="xl" data-testid="user-audit">
      <H4>Audit</H4>
      <Text mb="default">What this person did, and what was done to their account.</Text>
      <AuditRows page={page} loading={loading} onMore={() => load(page.nextBefore)} />
    </Box>
  );
};

export default AuditTimeline;
