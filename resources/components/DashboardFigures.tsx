import React from 'react';
import { Box, H4, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import DashboardChart from './DashboardChart.tsx';
import { money } from './format.ts';

/** The figures of a period (src/analytics/figures.ts; shapes mirror FigureSet): tiles, charts per day, a per-website breakdown. */
interface MoneyAmount {
  currency: string;
  cents: number;
}
interface CurrencyFigures {
  currency: string;
  revenueCents: number;
  refundsCents: number;
  placedValueCents: number;
  placedOrders: number;
  averageOrderCents: number | null;
  discountCents: number;
  campaignDiscountCents: number;
}
interface DayFigures {
  day: string;
  placed: number;
  completed: number;
  cancelled: number;
  delivered: number;
  onTime: number;
  revenue: MoneyAmount[];
  refunds: MoneyAmount[];
}
export interface FigureSet {
  placed: number;
  paid: number;
  completed: number;
  cancelled: number;
  delivered: number;
  onTime: number;
  writersActive: number;
  discountedOrders: number;
  campaignCodeOrders: number;
  campaignEmailsSent: number;
  money: CurrencyFigures[];
  days: DayFigures[];
}
export interface WebsiteFigureSet extends FigureSet {
  websiteId: number;
  name: string;
}

const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—');
const count = (n: number) => n.toLocaleString();
const centsOn = (list: MoneyAmount[], currency: string) => list.find((m) => m.currency === currency)?.cents ?? 0;

const Tile: React.FC<{ label: string; testId: string; note?: string; children: React.ReactNode }> = ({ label, testId, note, children }) => (
  <Box mr="lg" mb="lg" p="md" style={{ minWidth: 170, border: '1px solid #e3e6eb', borderRadius: 4 }}>
    <Text fontSize="sm" color="grey60">
      {label}
    </Text>
    <Text fontSize="xl" fontWeight="bold" data-testid={testId}>
      {children}
    </Text>
    {note ? (
      <Text fontSize="xs" color="grey60">
        {note}
      </Text>
    ) : null}
  </Box>
);

export const FigureTiles: React.FC<{ set: FigureSet }> = ({ set }) => (
  <Box flex flexDirection="row" flexWrap="wrap">
    {set.money.length === 0 ? (
      <Tile label="Revenue" testId="figure-revenue">
        {'—'}
      </Tile>
    ) : null}
    {set.money.map((m) => (
      <React.Fragment key={m.currency}>
        <Tile label={`Revenue (${m.currency})`} testId={`figure-revenue-${m.currency}`} note="payments for orders">
          {money(m.revenueCents, m.currency)}
        </Tile>
        <Tile label={`Refunds (${m.currency})`} testId={`figure-refunds-${m.currency}`}>
          {money(m.refundsCents, m.currency)}
        </Tile>
        <Tile label={`Average order (${m.currency})`} testId={`figure-aov-${m.currency}`} note={`${count(m.placedOrders)} placed`}>
          {money(m.averageOrderCents, m.currency)}
        </Tile>
        <Tile
          label={`Discounts (${m.currency})`}
          testId={`figure-discounts-${m.currency}`}
          note={`campaign codes: ${money(m.campaignDiscountCents, m.currency)}`}
        >
          {money(m.discountCents, m.currency)}
        </Tile>
      </React.Fragment>
    ))}
    <Tile label="Orders placed / completed / cancelled" testId="figure-orders">
      {count(set.placed)} / {count(set.completed)} / {count(set.cancelled)}
    </Tile>
    <Tile label="Conversion, placed → paid" testId="figure-conversion" note="quotes are not recorded: of the orders placed, those paid">
      {percent(set.paid, set.placed)}
    </Tile>
    <Tile label="On time" testId="figure-on-time" note={`${count(set.onTime)} of ${count(set.delivered)} delivered by the deadline`}>
      {percent(set.onTime, set.delivered)}
    </Tile>
    <Tile label="Writers active" testId="figure-writers" note="delivered in the period">
      {count(set.writersActive)}
    </Tile>
    <Tile label="Discounted orders" testId="figure-discounted-orders" note={`${count(set.campaignCodeOrders)} with a campaign's code`}>
      {count(set.discountedOrders)}
    </Tile>
    <Tile label="Campaign emails sent" testId="figure-campaign-emails" note="email campaigns carry no code: not linked to orders">
      {count(set.campaignEmailsSent)}
    </Tile>
  </Box>
);

const COLORS = { placed: '#3040d6', completed: '#0a8a4a', cancelled: '#c20012', revenue: '#3040d6', refunds: '#c20012' };

export const FigureCharts: React.FC<{ set: FigureSet }> = ({ set }) => {
  const days = set.days.map((d) => d.day);
  return (
    <Box flex flexDirection="row" flexWrap="wrap">
      <DashboardChart
        title="Orders per day"
        testId="chart-orders"
        days={days}
        format={count}
        series={[
          { label: 'placed', color: COLORS.placed, values: set.days.map((d) => d.placed) },
          { label: 'completed', color: COLORS.completed, values: set.days.map((d) => d.completed) },
          { label: 'cancelled', color: COLORS.cancelled, values: set.days.map((d) => d.cancelled) },
        ]}
      />
      {set.money.map((m) => (
        <DashboardChart
          key={m.currency}
          title={`Revenue and refunds per day (${m.currency})`}
          testId={`chart-money-${m.currency}`}
          days={days}
          format={(cents) => money(cents, m.currency)}
          series={[
            { label: 'revenue', color: COLORS.revenue, values: set.days.map((d) => centsOn(d.revenue, m.currency)) },
            { label: 'refunds', color: COLORS.refunds, values: set.days.map((d) => centsOn(d.refunds, m.currency)) },
          ]}
        />
      ))}
    </Box>
  );
};

const revenueText = (set: FigureSet) => (set.money.length ? set.money.map((m) => money(m.revenueCents, m.currency)).join(' + ') : '—');

export const WebsiteBreakdown: React.FC<{ websites: WebsiteFigureSet[] }> = ({ websites }) => (
  <Box variant="white" mb="xl" p="lg" data-testid="website-breakdown">
    <H4>Per website</H4>
    <Table>
      <TableHead>
        <TableRow>
          <TableCell>Website</TableCell>
          <TableCell>Revenue</TableCell>
          <TableCell>Placed</TableCell>
          <TableCell>Completed</TableCell>
          <TableCell>Cancelled</TableCell>
          <TableCell>Placed → paid</TableCell>
          <TableCell>On time</TableCell>
          <TableCell>Writers active</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {websites.map((w) => (
          <TableRow key={w.websiteId} data-testid={`breakdown-${w.websiteId}`}>
            <TableCell>{w.name}</TableCell>
            <TableCell>{revenueText(w)}</TableCell>
            <TableCell>{count(w.placed)}</TableCell>
            <TableCell>{count(w.completed)}</TableCell>
            <TableCell>{count(w.cancelled)}</TableCell>
            <TableCell>{percent(w.paid, w.placed)}</TableCell>
            <TableCell>{percent(w.onTime, w.delivered)}</TableCell>
            <TableCell>{count(w.writersActive)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </Box>
);
