import React from 'react';
import { Box, Link, Text } from '@adminjs/design-system';
import { money } from './format.ts';
import { None, Rows, Section, person, timeLeft, when, words } from './cockpit-parts.tsx';
import type { Cockpit } from './cockpit-types.ts';

/** The order cockpit's sections that show the order's people, money and deadline (OrderCockpit.tsx holds the rest). */

export const People: React.FC<{ c: Cockpit }> = ({ c }) => {
  const { client, writer } = c.people;
  const cur = c.money.currency;
  return (
    <Section title="People" id="people">
      <Text mb="sm" data-testid="cockpit-client">
        <strong>Client:</strong>{' '}
        {client ? (
          <>
            <Link href={`/admin/resources/users/records/${client.id}/show`}>
              {client.registrationId} {client.name}
            </Link>{' '}
            · {words(client.status)} · {client.ordersCount} orders · {money(client.spentCents, cur)} paid
          </>
        ) : (
          'none yet (an unattributed draft)'
        )}
      </Text>
      <Text mb="sm" data-testid="cockpit-writer">
        <strong>Writer:</strong>{' '}
        {writer ? (
          <>
            <Link href={`/admin/resources/users/records/${writer.id}/show`}>
              {writer.penName ?? writer.name} ({writer.registrationId})
            </Link>{' '}
            · {writer.level ?? 'no level'} ·{' '}
            {writer.rating?.average != null ? `rated ${writer.rating.average.toFixed(2)} (${writer.rating.count})` : 'no ratings'}
            {writer.restriction ? ` · ${words(writer.restriction.kind)} until ${when(writer.restriction.endsAt)}` : ''}
            {writer.warnings.length ? ` · ${writer.warnings.length} warning(s) in force` : ''}
          </>
        ) : (
          'not assigned'
        )}
      </Text>
    </Section>
  );
};

export const Money: React.FC<{ c: Cockpit }> = ({ c }) => {
  const m = c.money;
  const cur = m.currency;
  return (
    <Section title="Money" id="money">
      <Text mb="default" data-testid="cockpit-balance">
        Total {money(m.totalCents, cur)} · paid {money(m.paidCents, cur)} · refunded {money(m.refundedCents, cur)} ·{' '}
        <strong>balance due {money(m.balanceDueCents, cur)}</strong>
        {m.writerEarning
          ? ` · writer earns ${money(m.writerEarning.amountCents, cur)} (${words(m.writerEarning.status)}${m.writerEarning.urgent ? ', urgent' : ''})`
          : ''}
      </Text>
      {c.price.priceList ? (
        <Text mb="sm">
          Priced with price list version {c.price.priceList.version}
          {c.price.deadlineBand ? ` · deadline band ${c.price.deadlineBand.maxHours} h` : ''}
        </Text>
      ) : (
        <None>Not priced yet (a draft).</None>
      )}
      {c.price.lines.length ? (
        <Rows
          testId="cockpit-price-lines"
          head={['Line', 'Multiplier', 'Amount', 'Running']}
          items={c.price.lines.map((l, i) => ({ ...l, i }))}
          keyOf={(l) => `${l.code}-${l.i}`}
          cells={(l) => [
            l.label,
            l.multiplierBp != null ? `× ${(l.multiplierBp / 10_000).toFixed(2)}` : '',
            money(l.amountCents, cur),
            l.runningCents != null ? money(l.runningCents, cur) : '',
          ]}
        />
      ) : null}
      {c.price.cancellation ? (
        <Text mt="default">
          Cancellation {words(c.price.cancellation.outcome)}: refund {money(c.price.cancellation.refundCents, cur)}, forfeit{' '}
          {money(c.price.cancellation.forfeitCents, cur)} — {c.price.cancellation.reason}
        </Text>
      ) : null}
    </Section>
  );
};

export const Payments: React.FC<{ c: Cockpit }> = ({ c }) => {
  const cur = c.money.currency;
  return (
    <Section title="Payments" id="payments">
      {c.payments.length === 0 ? (
        <None>No payments.</None>
      ) : (
        <Rows
          testId="cockpit-payment"
          head={['When', 'For', 'Method', 'Amount', 'Status', 'Receipt / reference']}
          items={c.payments}
          keyOf={(p) => p.id}
          cells={(p) => [
            when(p.succeededAt ?? p.createdAt),
            words(p.purpose),
            words(p.method),
            `${money(p.amountCents, cur)}${p.refundedCents ? ` (refunded ${money(p.refundedCents, cur)})` : ''}`,
            words(p.status),
            <Link key="l" href={`/admin/resources/payments/records/${p.id}/show`}>
              {p.receiptNumber ?? p.reference ?? `#${p.id}`}
            </Link>,
          ]}
        />
      )}
      <Box mt="lg">
        <Text>
          <strong>Refunds</strong>
        </Text>
        {c.refunds.length === 0 ? (
          <None>No refunds.</None>
        ) : (
          <Rows
            testId="cockpit-refund"
            head={['Asked', 'Amount', 'To', 'Status', 'Reason']}
            items={c.refunds}
            keyOf={(r) => r.id}
            cells={(r) => [
              when(r.createdAt),
              <Link key="l" href={`/admin/resources/refunds/records/${r.id}/show`}>
                {money(r.amountCents, cur)}
              </Link>,
              words(r.destination),
              words(r.status),
              r.reason,
            ]}
          />
        )}
      </Box>
    </Section>
  );
};

export const Deadline: React.FC<{ c: Cockpit }> = ({ c }) => {
  const d = c.deadline;
  const open = !['completed', 'cancelled', 'archived', 'draft'].includes(c.order.status);
  return (
    <Section title="Deadline" id="deadline">
      <Text mb="sm" data-testid="cockpit-client-deadline">
        Client deadline {when(d.deadline)}
        {open && d.deadline ? ` · ${timeLeft(d.deadline)}` : ''}
      </Text>
      <Text mb="sm">
        Writer deadline {when(d.writerDeadline)}
        {open && d.writerDeadline ? ` · ${timeLeft(d.writerDeadline)}` : ''}
      </Text>
      {d.overdueAt ? <Text mb="sm">Marked overdue {when(d.overdueAt)}</Text> : null}
      {d.stuckAt ? <Text mb="sm">Flagged stuck {when(d.stuckAt)}</Text> : null}
      {d.changes.length ? (
        <Rows
          head={['Asked', 'By', 'Change', 'From → to', 'Charge', 'Status']}
          items={d.changes}
          keyOf={(x) => x.id}
          cells={(x) => [
            when(x.createdAt),
            x.requesterRole,
            x.kind,
            `${when(x.oldDeadline)} → ${when(x.newDeadline)}`,
            money(x.chargeCents, c.money.currency),
            words(x.status),
          ]}
        />
      ) : null}
    </Section>
  );
};

export { person };
