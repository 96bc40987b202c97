import React from 'react';
import { Badge, Box, Label } from '@adminjs/design-system';
import type { BasePropertyProps } from 'adminjs';
import { statusVariant, words } from './format.ts';

/** A status (or priority) as a badge coloured by what it means: done, in trouble, waiting, at work, closed. */
const StatusBadge: React.FC<BasePropertyProps> = ({ record, property, where }) => {
  const raw = (record?.params ?? {})[property.path];
  if (raw === null || raw === undefined || raw === '') return where === 'show' ? null : <span>—</span>;
  const value = String(raw);
  const badge = (
    <Badge variant={statusVariant(value)} size="sm" data-testid={`badge-${property.path}`} data-status={value}>
      {words(value)}
    </Badge>
  );
  if (where === 'show') {
    return (
      <Box mb="xl">
        <Label>{property.label}</Label>
        {badge}
      </Box>
    );
  }
  return badge;
};

export default StatusBadge;
