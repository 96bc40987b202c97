import React, { useState } from 'react';
import { useNavigate } from 'react-router';
import { Box, Button, H3, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, ViewHelpers, useNotice, type ActionProps } from 'adminjs';

/**
 * The screens of the campaign actions that take input (generate codes) or give a file (export).
 * A form POSTs through the ApiClient on "Confirm" (the server calls the discounts service); an
 * export GETs the CSV (a read) and hands it to the browser as a download.
 * `action.custom` = { question, confirmLabel, fields: [{ name, label, options?, help? }], download? }.
 */
interface Field {
  name: string;
  label: string;
  options?: string[];
  help?: string;
}

const api = new ApiClient();
const h = new ViewHelpers();

const DiscountAction: React.FC<ActionProps> = ({ action, resource, record }) => {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const custom = (action.custom ?? {}) as { question?: string; confirmLabel?: string; fields?: Field[]; download?: boolean };
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!record) return null;

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (custom.download) {
        const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name });
        const file = (response.data as unknown as { file?: { filename: string; csv: string } }).file;
        if (!file) throw new Error('no file');
        const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv' }));
        const link = document.createElement('a');
        link.href = url;
        link.download = file.filename;
        link.click();
        URL.revokeObjectURL(url);
        return;
      }
      const data = new FormData();
      for (const [k, v] of Object.entries(values)) data.set(k, v);
      const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data });
      const notice = response.data.notice;
      if (notice) addNotice(notice);
      if (notice?.type === 'error') setError(notice.message);
      else navigate(h.showUrl(resource.id, record.id));
    } catch {
      setError('The request failed; nothing was changed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="white" data-testid="discount-action">
      <H3>{custom.question ?? `${action.label}?`}</H3>
      <Text mb="lg">
        <strong>{String(record.params.name ?? record.title)}</strong> · {String(record.params.status ?? '')}
      </Text>
      {(custom.fields ?? []).map((f) => (
        <Box key={f.name} mb="lg">
          <Label htmlFor={`field-${f.name}`}>{f.label}</Label>
          {f.options ? (
            <select
              id={`field-${f.name}`}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            >
              <option value="">Choose…</option>
              {f.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : (
            <Input
              id={`field-${f.name}`}
              width={1}
              value={values[f.name] ?? ''}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          )}
          {f.help ? <Text variant="sm">{f.help}</Text> : null}
        </Box>
      ))}
      {error ? <MessageBox mb="lg" variant="danger" message={error} /> : null}
      <Button variant="contained" data-testid="discount-action-submit" disabled={busy} onClick={() => void run()}>
        {custom.confirmLabel ?? 'Confirm'}
      </Button>
      <Button ml="default" variant="text" type="button" onClick={() => navigate(h.showUrl(resource.id, record.id))}>
        Back
      </Button>
    </Box>
  );
};

export default DiscountAction;
