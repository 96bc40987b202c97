import React, { useEffect, useState } from 'react';
import { Box, Label, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, type BasePropertyProps } from 'adminjs';
import { money } from './format.ts';

/**
 * The campaign page's figures: uses, revenue, discount given, ROI, top codes and the progress of
 * a code generation. Read through the campaign's `analytics` action (a GET, which changes nothing).
 */
interface Analytics {
  codes: number;
  uses: number;
  reserved: number;
  revenueCents: number;
  discountCents: number;
  costCents: number;
  budgetCents: number | null;
  roi: number | null;
  generation: { status: string; requested: number; generated: number; error: string | null };
  topCodes: Array<{ code: string; uses: number; revenueCents: number; discountCents: number }>;
}

const api = new ApiClient();

const CampaignAnalytics: React.FC<BasePropertyProps> = ({ record, resource }) => {
  const [data, setData] = useState<Analytics | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!record?.id) return;
    api
      .recordAction({ resourceId: resource.id, recordId: record.id, actionName: 'analytics' })
      .then((response) => setData((response.data as unknown as { analytics?: Analytics }).analytics ?? null))
      .catch(() => setError('The figures could not be loaded.'));
  }, [record?.id]);
  if (error) return <Text>{error}</Text>;
  if (!data) return <Text>Loading figures…</Text>;
  const g = data.generation;
  return (
    <Box mb="xl" data-testid="campaign-analytics">
      <Label>Results</Label>
      <Text mb="sm">
        {data.codes} codes · {data.uses} uses (paid) · {data.reserved} reserved
      </Text>
      <Text mb="sm">
        Revenue {money(data.revenueCents)} · Discount given {money(data.discountCents)} · Cost {money(data.costCents)}
        {data.budgetCents !== null ? ` · Budget ${money(data.budgetCents)}` : ''}
      </Text>
      <Text mb="sm">ROI {data.roi === null ? '—' : `${(data.roi * 100).toFixed(1)} %`}</Text>
      {g.status !== 'idle' ? (
        <Text mb="sm">
          Code generation: {g.status} — {g.generated} of {g.requested}
          {g.error ? ` (${g.error})` : ''}
        </Text>
      ) : null}
      {data.topCodes.length ? (
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>Top codes</TableCell>
              <TableCell>Uses</TableCell>
              <TableCell>Revenue</TableCell>
              <TableCell>Discount</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.topCodes.map((c) => (
              <TableRow key={c.code}>
                <TableCell>{c.code}</TableCell>
                <TableCell>{c.uses}</TableCell>
                <TableCell>{money(c.revenueCents)}</TableCell>
                <TableCell>{money(c.discountCents)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Box>
  );
};

export default CampaignAnalytics;
