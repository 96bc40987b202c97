import React from 'react';
import { Box, Input } from '@adminjs/design-system';

/**
 * The back-office search box, in the top bar of every page (AdminJS's Version slot, overridden:
 * it stretches between the menu button and the signed-in staff member). A plain GET form to
 * /admin/search, so it works the same with or without the app's scripts and opens the results
 * page (analytics/search ranks them within the staff member's rights).
 */
const SearchBox: React.FC = () => (
  <Box flex flexGrow={1} py="default" px="xxl" data-css="search-box">
    <form method="get" action="/admin/search" role="search" style={{ width: '100%', maxWidth: 560 }}>
      <Input
        type="search"
        name="q"
        minLength={2}
        maxLength={200}
        required
        placeholder="Search orders, people, payments, messages…"
        aria-label="Search the back office"
        data-testid="back-office-search"
        style={{ width: '100%' }}
      />
    </form>
  </Box>
);

export default SearchBox;
