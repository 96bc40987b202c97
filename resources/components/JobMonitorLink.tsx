import React from 'react';
import { Box, Button } from '@adminjs/design-system';
import { useCurrentAdmin } from 'adminjs';

/**
 * The sidebar's footer (AdminJS's SidebarFooter, overridden): a superadmin finds the job monitor
 * (/admin/jobs, Agendash) here. Other staff see nothing — and the monitor refuses them anyway.
 */
const JobMonitorLink: React.FC = () => {
  const [admin] = useCurrentAdmin();
  return (
    <Box mt="lg" mb="md" px="lg" data-css="sidebar-footer">
      {(admin as { role?: string } | null)?.role === 'superadmin' ? (
        <Button as="a" href="/admin/jobs/" variant="outlined" size="sm" data-testid="job-monitor-link">
          Job monitor
        </Button>
      ) : null}
    </Box>
  );
};

export default JobMonitorLink;
