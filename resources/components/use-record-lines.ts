import { useEffect, useState } from 'react';
import { ApiClient, type BasePropertyProps } from 'adminjs';

const api = new ApiClient();

/**
 * The lines a record page shows below its fields (a ledger transaction's entries, a payout's
 * lines), read once through the resource's read-only `lines` record action. `lines` is null while
 * loading; `error` says what to tell staff when the action refused or failed.
 */
export function useRecordLines<Line>(
  { record, resource }: Pick<BasePropertyProps, 'record' | 'resource'>,
  what: string,
): { lines: Line[] | null; error: string | null } {
  const [lines, setLines] = useState<Line[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const recordId = record?.id;
  useEffect(() => {
    if (!recordId) return;
    api
      .recordAction({ resourceId: resource.id, recordId, actionName: 'lines' })
      .then((response) => {
        const data = response.data as unknown as { lines?: Line[]; notice?: { message: string } };
        if (data.lines) setLines(data.lines);
        else setError(data.notice?.message ?? `The ${what} could not be loaded.`);
      })
      .catch(() => setError(`The ${what} could not be loaded.`));
  }, [recordId, resource.id, what]);
  return { lines, error };
}
