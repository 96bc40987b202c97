import React from 'react';
import { Box, Button, Text } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';
import { useLocation } from 'react-router';

/**
 * A list's "Export CSV" resource action: opens in the drawer over the list (so AdminJS carries the
 * list's query over) and links to the export route with the list's own filters (`filters.*`), so
 * the file holds what the list shows. `action.custom.csvPath` names the route; the route checks the
 * staff member and the website again before any byte is sent.
 */
const CsvExport: React.FC<ActionProps> = ({ action, resource }) => {
  const location = useLocation();
  const custom = (action.custom ?? {}) as { csvPath?: string };
  const filters = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(location.search)) if (key.startsWith('filters.') && value) filters.set(key, value);
  const shown = [...filters.entries()].map(
    ([key, value]) => `${resource.properties[key.slice(8).split('~~')[0]!]?.label ?? key.slice(8)}: ${value}`,
  );
  const href = `${custom.csvPath ?? ''}${filters.size ? `?${filters.toString()}` : ''}`;

  return (
    <Box p="xl" data-testid="csv-export">
      <Text mb="lg">
        {shown.length
          ? `The CSV holds the ${resource.name} the list shows (${shown.join('; ')}).`
          : `The CSV holds every one of the ${resource.name} you may see.`}
      </Text>
      <Button as="a" href={href} variant="contained" download>
        Download CSV
      </Button>
    </Box>
  );
};

export default CsvExport;
