import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';
import type { BasePropertyProps } from 'adminjs';
import { basisPoints } from './format.ts';

/** A basis-point column (`…Bp`): a price factor as "×1.30", anything else as a percent. */
const Basis: React.FC<BasePropertyProps> = ({ record, property, where }) => {
  const raw = (record?.params ?? {})[property.path];
  const text = raw === null || raw === undefined || raw === '' ? '—' : basisPoints(property.path, Number(raw));
  if (where === 'show') {
    return (
      <Box mb="xl">
        <Label>{property.label}</Label>
        <Text data-testid={`bp-${property.path}`}>{text}</Text>
      </Box>
    );
  }
  return <span>{text}</span>;
};

export default Basis;
