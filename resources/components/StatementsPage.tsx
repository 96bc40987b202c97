import React, { useState } from 'react';
import { Box, Button, H2, Input, Label, Text } from '@adminjs/design-system';
import { useCurrentAdmin } from 'adminjs';

/**
 * The "Monthly statement" page: a month (and, for a superadmin, a website id) and a link to
 * GET /admin/statements/<websiteId>/<YYYY-MM>.pdf. The route and the statements service decide who
 * gets the file (the website's admins and superadmins) and audit each download.
 */
const lastMonth = (): string => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};

const StatementsPage: React.FC = () => {
  const [current] = useCurrentAdmin();
  const admin = current as { role?: string; websiteId?: number | null } | null;
  const [month, setMonth] = useState(lastMonth());
  const [websiteId, setWebsiteId] = useState(admin?.websiteId ? String(admin.websiteId) : '');
  const superadmin = admin?.role === 'superadmin';
  const ready = /^\d{4}-\d{2}$/.test(month) && /^[1-9]\d*$/.test(websiteId);

  return (
    <Box variant="white" p="xl" m="xl" data-testid="statements-page">
      <H2>Monthly statement</H2>
      <Text mb="lg">
        Revenue, refunds, writers&apos; earnings, tips, fines, payouts and the balances at the month&apos;s start and end, from the ledger,
        as a PDF. The same statement is emailed to the website&apos;s admins after each month.
      </Text>
      {admin?.role === 'admin' || superadmin ? (
        <>
          {superadmin ? (
            <Box mb="lg">
              <Label htmlFor="statement-website">Website id</Label>
              <Input
                id="statement-website"
                value={websiteId}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setWebsiteId(e.target.value)}
              />
            </Box>
          ) : null}
          <Box mb="lg">
            <Label htmlFor="statement-month">Month</Label>
            <Input
              id="statement-month"
              type="month"
              value={month}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setMonth(e.target.value)}
            />
          </Box>
          <Button
            as="a"
            href={ready ? `/admin/statements/${websiteId}/${month}.pdf` : undefined}
            variant="contained"
            disabled={!ready}
            download
          >
            Download PDF
          </Button>
        </>
      ) : (
        <Text>Statements are for the website&apos;s admins.</Text>
      )}
    </Box>
  );
};

export default StatementsPage;
