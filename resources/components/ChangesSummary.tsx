import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';
import { flat, type BasePropertyProps } from 'adminjs';

/** What a price list version changed against the one it replaced (recorded at activation). */
interface Changes {
  fields?: Record<string, [unknown, unknown]>;
  added?: string[];
  removed?: string[];
  changed?: string[];
}

function summary(changes: Changes | undefined, full: boolean): string {
  if (!changes) return '—';
  const fields = Object.entries(changes.fields ?? {});
  const parts: string[] = [];
  if (fields.length)
    parts.push(
      full ? fields.map(([k, [a, b]]) => `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`).join('; ') : `${fields.length} field(s)`,
    );
  for (const key of ['added', 'changed', 'removed'] as const) {
    const list = changes[key] ?? [];
    if (list.length) parts.push(full ? `${key}: ${list.join(', ')}` : `${list.length} ${key}`);
  }
  return parts.length ? parts.join(full ? '\n' : ', ') : 'no changes';
}

const ChangesSummary: React.FC<BasePropertyProps> = ({ record, property, where }) => {
  const params = flat.unflatten((record?.params ?? {}) as Record<string, unknown>) as Record<string, unknown>;
  const changes = params[property.path] as Changes | undefined;
  if (where !== 'show') return <span>{summary(changes, false)}</span>;
  return (
    <Box mb="xl">
      <Label>{property.label}</Label>
      <Text style={{ whiteSpace: 'pre-line' }}>{summary(changes, true)}</Text>
    </Box>
  );
};

export default ChangesSummary;
