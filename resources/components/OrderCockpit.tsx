import React, { useCallback, useEffect, useState } from 'react';
import { Badge, Box, Button, H3, Link, Loader, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, ViewHelpers, useTranslation, type BasePropertyProps } from 'adminjs';
import { money } from './format.ts';
import { None, Rows, Section, person, when, words } from './cockpit-parts.tsx';
import { Deadline, Money, Payments, People } from './cockpit-sections.tsx';
import { AuditRows, type AuditPage } from './AuditTimeline.tsx';
import type { Cockpit } from './cockpit-types.ts';

/**
 * The top of the order page: the order at a glance (status and next actions, people, money,
 * deadline, payments, files, messages with held ones marked, timeline, requests, revisions,
 * fines, audit), read once through the read-only `cockpit` action (src/analytics/cockpit
 * orderCockpit). Reading only: the actions stay the order's record actions.
 */
const api = new ApiClient();
const h = new ViewHelpers();
/** Record actions that read or belong to the page itself, not steps the order can take. */
const NOT_NEXT = new Set(['show', 'edit', 'delete', 'history', 'requests', 'cockpit', 'cockpitFile']);

const NextActions: React.FC<{ record: BasePropertyProps['record']; resourceId: string }> = ({ record, resourceId }) => {
  const { translateAction } = useTranslation();
  const actions = (record?.recordActions ?? []).filter((a) => !NOT_NEXT.has(a.name));
  return (
    <Section title="Next actions" id="next-actions">
      {actions.length === 0 ? (
        <None>Nothing can be done to this order now.</None>
      ) : (
        <Box flex flexWrap="wrap">
          {actions.map((a) => (
            <Button
              key={a.name}
              as="a"
              mr="default"
              mb="sm"
              size="sm"
              variant="outlined"
              href={h.recordActionUrl({ resourceId, recordId: String(record!.id), actionName: a.name })}
              data-testid={`next-${a.name}`}
            >
              {translateAction(a.name, resourceId)}
            </Button>
          ))}
        </Box>
      )}
    </Section>
  );
};

const Files: React.FC<{ c: Cockpit; open: (fileId: number) => void }> = ({ c, open }) => (
  <Section title="Files" id="files">
    {c.files.length === 0 ? (
      <None>No files.</None>
    ) : (
      <Rows
        testId="cockpit-file"
        head={['Uploaded', 'Name', 'Kind', 'Size', 'By']}
        items={c.files}
        keyOf={(f) => f.id}
        cells={(f) => [
          when(f.createdAt),
          <Link key="l" href="#" onClick={(e: React.MouseEvent) => (e.preventDefault(), open(f.id))}>
            {f.name}
          </Link>,
          words(f.category),
          `${Math.max(1, Math.round(f.sizeBytes / 1024))} KB`,
          f.uploadedBy.role,
        ]}
      />
    )}
  </Section>
);

const Messages: React.FC<{ c: Cockpit }> = ({ c }) => (
  <Section title="Messages" id="messages">
    {c.messages.items.length === 0 ? (
      <None>No messages.</None>
    ) : (
      <Rows
        testId="cockpit-message"
        head={['When', 'Thread', 'From', 'Message', 'Status']}
        items={c.messages.items}
        keyOf={(m) => m.id}
        cells={(m) => [
          when(m.createdAt),
          words(m.threadKind),
          'registrationId' in m.author ? person(m.author) : m.author.role,
          m.body,
          m.held ? (
            <Link key="held" href={`/admin/resources/order_messages/records/${m.id}/show`}>
              <Badge variant="danger">held</Badge> {m.holdReasons.join(', ')}
            </Link>
          ) : (
            words(m.status)
          ),
        ]}
      />
    )}
    {c.messages.more ? <Text mt="sm">Older messages are in the Held messages list and the threads.</Text> : null}
  </Section>
);

const Timeline: React.FC<{ c: Cockpit }> = ({ c }) => (
  <Section title="Timeline" id="timeline">
    <Rows
      testId="cockpit-event"
      head={['When', 'What', 'Status', 'By', 'Note']}
      items={c.timeline}
      keyOf={(e) => e.id}
      cells={(e) => [
        when(e.at),
        words(e.action),
        e.fromStatus === e.toStatus ? words(e.toStatus) : `${words(e.fromStatus)} → ${words(e.toStatus)}`,
        `${e.actorRole}${e.actor ? ` ${e.actor}` : ''}`,
        e.note ?? '',
      ]}
    />
  </Section>
);

const Work: React.FC<{ c: Cockpit }> = ({ c }) => {
  const cur = c.money.currency;
  return (
    <>
      <Section title="Requests" id="requests">
        <Box data-testid="order-requests">
          {c.requests.length === 0 ? (
            <None>No writer has requested this order.</None>
          ) : (
            <Rows
              head={['Asked', 'Writer', 'Completed', 'Active (load)', 'Note', 'Status']}
              items={c.requests}
              keyOf={(r) => r.id}
              cells={(r) => [
                when(r.createdAt),
                `${r.writer.registrationId} ${r.writer.name}`,
                r.writer.completedOrders,
                r.writer.activeOrders,
                r.note ?? '',
                r.status === 'open' ? (
                  <Link key="l" href={`/admin/resources/order_requests/records/${r.id}/show`}>
                    open — decide
                  </Link>
                ) : (
                  `${words(r.status)}${r.decisionReason ? `: ${r.decisionReason}` : ''}`
                ),
              ]}
            />
          )}
        </Box>
      </Section>
      <Section title="Revisions" id="revisions">
        {c.revisions.length === 0 ? (
          <None>No revisions.</None>
        ) : (
          <Rows
            head={['Asked', 'By', 'Reason', 'Due', 'Charge', 'Status']}
            items={c.revisions}
            keyOf={(r) => r.id}
            cells={(r) => [
              when(r.createdAt),
              r.requesterRole,
              `${r.reason}${r.instructionsChanged ? ' (new instructions)' : ''}`,
              when(r.deadline),
              r.chargeCents ? money(r.chargeCents, cur) : 'free',
              words(r.status),
            ]}
          />
        )}
      </Section>
      <Section title="Fines" id="fines">
        {c.fines.length === 0 ? (
          <None>No fines.</None>
        ) : (
          <Rows
            head={['Issued', 'Type', 'Amount', 'Status', 'Reason']}
            items={c.fines}
            keyOf={(f) => f.id}
            cells={(f) => [
              when(f.createdAt),
              words(f.typeCode),
              <Link key="l" href={`/admin/resources/fines/records/${f.id}/show`}>
                {money(f.amountCents, cur)}
              </Link>,
              `${words(f.status)}${f.appealOpen ? ' (appeal open)' : ''}`,
              f.reason,
            ]}
          />
        )}
      </Section>
    </>
  );
};

const OrderCockpit: React.FC<BasePropertyProps> = ({ record, resource }) => {
  const [cockpit, setCockpit] = useState<Cockpit | null>(null);
  const [audit, setAudit] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const recordId = record?.id;
  const read = useCallback(
    (params: Record<string, unknown>) =>
      api
        .recordAction({ resourceId: resource.id, recordId: String(recordId), actionName: 'cockpit', params })
        .then((r) => r.data as unknown as { cockpit?: Cockpit; notice?: { message: string } }),
    [recordId, resource.id],
  );
  useEffect(() => {
    if (!recordId) return;
    read({})
      .then((data) => {
        if (data.cockpit) {
          setCockpit(data.cockpit);
          setAudit(data.cockpit.audit);
        } else setError(data.notice?.message ?? 'The order could not be read.');
      })
      .catch(() => setError('The order could not be read.'));
  }, [recordId, read]);

  const moreAudit = () => {
    if (!audit?.nextBefore) return;
    void read({ auditBefore: audit.nextBefore }).then((data) => {
      const next = data.cockpit?.audit;
      if (next) setAudit({ items: [...audit.items, ...next.items], nextBefore: next.nextBefore });
    });
  };
  const openFile = (fileId: number) => {
    api
      .recordAction({ resourceId: resource.id, recordId: String(recordId), actionName: 'cockpitFile', params: { file: fileId } })
      .then((r) => {
        const data = r.data as unknown as { download?: { url: string }; notice?: { message: string } };
        if (data.download) window.open(data.download.url, '_blank', 'noopener');
        else setNotice(data.notice?.message ?? 'The file could not be opened.');
      })
      .catch(() => setNotice('The file could not be opened.'));
  };

  if (error) return <MessageBox mb="xl" variant="danger" message={error} />;
  if (!cockpit) return <Loader />;
  const o = cockpit.order;
  return (
    <Box mb="xxl" data-testid="order-cockpit">
      <H3 data-testid="cockpit-status">
        {o.number} · <Badge variant="primary">{words(o.status)}</Badge>
        {o.previousStatus && o.status === 'on_hold' ? ` (was ${words(o.previousStatus)})` : ''}
      </H3>
      {o.topic ? <Text mb="lg">{o.topic}</Text> : null}
      {notice ? <MessageBox mb="lg" variant="danger" message={notice} onCloseClick={() => setNotice(null)} /> : null}
      <NextActions record={record} resourceId={resource.id} />
      <People c={cockpit} />
      <Money c={cockpit} />
      <Deadline c={cockpit} />
      <Payments c={cockpit} />
      <Files c={cockpit} open={openFile} />
      <Messages c={cockpit} />
      <Timeline c={cockpit} />
      <Work c={cockpit} />
      {audit ? (
        <Section title="Audit" id="audit">
          <AuditRows page={audit} onMore={moreAudit} />
        </Section>
      ) : null}
    </Box>
  );
};

export default OrderCockpit;
