import React, { useCallback, useEffect, useState } from 'react';
import { Box, Button, H2, H4, Loader, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient } from 'adminjs';
import DashboardQueues, { type Queue } from './DashboardQueues.tsx';
import { FigureCharts, FigureTiles, WebsiteBreakdown, type FigureSet, type WebsiteFigureSet } from './DashboardFigures.tsx';

/**
 * The back-office home (src/analytics/dashboard.ts; shapes mirror Dashboard): the work queues,
 * live, each linking to its filtered list; the figures of a period (last 7/30/90 days or from/to),
 * cached a few minutes — "as of" shown, with a refresh; a superadmin chooses a website or sees all
 * with a per-website breakdown.
 */
interface Data {
  websiteId: number | null;
  websites: Array<{ id: number; name: string; currency: string }>;
  presets: number[];
  queues: Queue[];
  figures: {
    period: { from: string; to: string; days: number; preset: number | null };
    total: FigureSet;
    websites: WebsiteFigureSet[];
  };
  asOf: string;
  fromCache: boolean;
  ttlSeconds: number;
  error?: string;
}

interface Query {
  websiteId: string;
  days: string;
  from: string;
  to: string;
}

const api = new ApiClient();

const Dashboard: React.FC = () => {
  const [data, setData] = useState<Data | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [query, setQuery] = useState<Query>({ websiteId: '', days: '30', from: '', to: '' });
  const [range, setRange] = useState({ from: '', to: '' });

  const load = useCallback((q: Query, refresh = false) => {
    setLoading(true);
    const params: Record<string, string> = {};
    if (q.websiteId) params.websiteId = q.websiteId;
    if (q.from && q.to) Object.assign(params, { from: q.from, to: q.to });
    else params.days = q.days;
    if (refresh) params.refresh = 'true';
    api
      .getDashboard<Data>({ params })
      .then((response) => {
        if (response.data.error) setFailed(response.data.error);
        else {
          setFailed(null);
          setData(response.data);
        }
      })
      .catch(() => setFailed('The figures could not be loaded.'))
      .finally(() => setLoading(false));
  }, []);

  useEffect(() => load(query), [load, query]);

  if (!data && failed) return <MessageBox m="xl" variant="danger" message={failed} />;
  if (!data) return <Loader />;

  const { figures } = data;
  const superadmin = data.websites.length > 1 || data.websiteId === null;
  return (
    <Box p="xl" data-testid="dashboard">
      <H2>Scriptorium back office</H2>
      {failed ? <MessageBox mb="lg" variant="danger" message={failed} /> : null}
      <DashboardQueues queues={data.queues} />

      <Box variant="white" mb="lg" p="lg" data-testid="dashboard-period">
        <H4>Figures</H4>
        <Box flex flexDirection="row" flexWrap="wrap" alignItems="center">
          {superadmin ? (
            <label style={{ marginRight: 16 }}>
              Website{' '}
              <select
                data-testid="dashboard-website"
                value={query.websiteId}
                onChange={(e) => setQuery({ ...query, websiteId: e.target.value })}
              >
                <option value="">All websites</option>
                {data.websites.map((w) => (
                  <option key={w.id} value={String(w.id)}>
                    {w.name} ({w.currency})
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {data.presets.map((days) => (
            <Button
              key={days}
              size="sm"
              mr="sm"
              variant={!query.from && query.days === String(days) ? 'contained' : 'outlined'}
              data-testid={`period-${days}`}
              onClick={() => setQuery({ ...query, days: String(days), from: '', to: '' })}
            >
              Last {days} days
            </Button>
          ))}
          <label style={{ marginLeft: 16 }}>
            From <input type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
          </label>
          <label style={{ marginLeft: 8 }}>
            to <input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
          </label>
          <Button size="sm" ml="sm" variant="outlined" disabled={!range.from || !range.to} onClick={() => setQuery({ ...query, ...range })}>
            Show
          </Button>
        </Box>
        <Box flex flexDirection="row" alignItems="center" mt="md">
          <Text mr="lg" data-testid="dashboard-as-of">
            {figures.period.from} to {figures.period.to} (UTC days) · as of {new Date(data.asOf).toLocaleString()}
            {data.fromCache ? ` (kept up to ${Math.round(data.ttlSeconds / 60)} min)` : ''}
          </Text>
          <Button size="sm" variant="text" data-testid="dashboard-refresh" disabled={loading} onClick={() => load(query, true)}>
            {loading ? 'Loading…' : 'Refresh'}
          </Button>
        </Box>
      </Box>

      <FigureTiles set={figures.total} />
      <FigureCharts set={figures.total} />
      {superadmin && data.websiteId === null ? <WebsiteBreakdown websites={figures.websites} /> : null}
    </Box>
  );
};

export default Dashboard;
