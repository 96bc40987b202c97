import React, { useState } from 'react';
import { Box, Button, Text } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';
import { useLocation } from 'react-router';

/**
 * A list's "Export CSV" resource action: opens in the drawer over the list (so AdminJS carries the
 * list's query over) and links to the export route with the list's own filters and sort, so the
 * file holds what the list shows. `action.custom.csvPath` names the route (`linesPath`, when set,
 * a second file of the same filters). A click downloads through fetch and shows the rows received
 * so far against the route's X-Total-Count (exact, or an estimate for big lists); the route checks
 * the staff member and the website again before any byte is sent.
 */

const NEWLINE = 10;

type Progress = { rows: number; total: number | null; exact: boolean; done: boolean; error?: string };

function countLines(chunk: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === NEWLINE) n++;
  return n;
}

function save(parts: BlobPart[], filename: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function download(href: string, onProgress: (p: Progress) => void): Promise<void> {
  const res = await fetch(href, { credentials: 'same-origin' });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string> } } | null;
    const fields = body?.error?.fields
      ? ` (${Object.entries(body.error.fields)
          .map(([k, v]) => `${k} ${v}`)
          .join('; ')})`
      : '';
    throw new Error(`${body?.error?.message ?? `The export failed (${res.status})`}${fields}`);
  }
  const header = res.headers.get('X-Total-Count');
  const total = header === null ? null : Number(header);
  const exact = res.headers.get('X-Total-Count-Exact') === 'true';
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'export.csv';
  const reader = res.body.getReader();
  const parts: BlobPart[] = [];
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    lines += countLines(value);
    onProgress({ rows: Math.max(lines - 1, 0), total, exact, done: false });
  }
  save(parts, name);
  onProgress({ rows: Math.max(lines - 1, 0), total, exact, done: true });
}

const fmt = (n: number) => n.toLocaleString('en-US');

function progressText(p: Progress): string {
  if (p.error) return p.error;
  const of = p.total === null ? '' : ` of ${p.exact ? '' : 'about '}${fmt(p.total)}`;
  return p.done ? `Downloaded ${fmt(p.rows)} rows.` : `Downloading… ${fmt(p.rows)}${of} rows`;
}

const CsvExport: React.FC<ActionProps> = ({ action, resource }) => {
  const location = useLocation();
  const [progress, setProgress] = useState<Progress | null>(null);
  const custom = (action.custom ?? {}) as { csvPath?: string; linesPath?: string };
  const query = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(location.search))
    if ((key.startsWith('filters.') || key === 'sortBy' || key === 'direction') && value) query.set(key, value);
  const shown = [...query.entries()]
    .filter(([key]) => key.startsWith('filters.'))
    .map(([key, value]) => `${resource.properties[key.slice(8).split('~~')[0]!]?.label ?? key.slice(8)}: ${value}`);
  const hrefOf = (path: string | undefined) => `${path ?? ''}${query.size ? `?${query.toString()}` : ''}`;
  const busy = progress !== null && !progress.done && !progress.error;
  const start = (href: string) => (event: React.MouseEvent) => {
    event.preventDefault();
    if (busy) return;
    setProgress({ rows: 0, total: null, exact: false, done: false });
    download(href, setProgress).catch((err: unknown) =>
      setProgress({ rows: 0, total: null, exact: false, done: true, error: err instanceof Error ? err.message : String(err) }),
    );
  };

  return (
    <Box p="xl" data-testid="csv-export">
      <Text mb="lg">
        {shown.length
          ? `The CSV holds the ${resource.name} the list shows (${shown.join('; ')}).`
          : `The CSV holds every one of the ${resource.name} you may see.`}
      </Text>
      <Button as="a" href={hrefOf(custom.csvPath)} variant="contained" download onClick={start(hrefOf(custom.csvPath))}>
        Download CSV
      </Button>
      {custom.linesPath ? (
        <Button as="a" href={hrefOf(custom.linesPath)} ml="default" download onClick={start(hrefOf(custom.linesPath))}>
          Download their lines (CSV)
        </Button>
      ) : null}
      {progress ? (
        <Text mt="lg" data-testid="csv-export-progress" color={progress.error ? 'error' : undefined}>
          {progressText(progress)}
        </Text>
      ) : null}
    </Box>
  );
};

export default CsvExport;
