import React, { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Box,
  Button,
  CheckBox,
  H3,
  Input,
  Label,
  MessageBox,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
  TextArea,
} from '@adminjs/design-system';
import { ViewHelpers, useNotice, type ActionProps } from 'adminjs';
import { ActionFrame, api, formDataOf, useActionPreview, useActionSubmit } from './action-form.tsx';
import { money } from './format.ts';

/**
 * The screens of the order actions.
 * Record actions: a GET of the action (which changes nothing) brings what the form needs —
 * eligible writers, the refund the forfeiture table gives; "Confirm" POSTs the form and the
 * server calls the order service (action-form.tsx). Bulk actions: the selected orders, the form,
 * then one result per order (done with its new status, or refused with the reason).
 * `action.custom` = { question, confirmLabel, fields } (fields: resources/order-forms.ts).
 */
interface FormField {
  name: string;
  label: string;
  kind: 'reason' | 'text' | 'money' | 'select' | 'checkbox' | 'writer' | 'client';
  required?: boolean;
  options?: string[];
  help?: string;
}

interface WriterChoice {
  id: number;
  registrationId: string;
  penName: string | null;
  status: string;
  activeOrders: number;
  capacity: number;
  eligible: boolean;
  reason: string | null;
}

interface ClientChoice {
  id: number;
  registrationId: string;
  displayName: string;
  email: string;
}

type Values = Record<string, string>;

const missingRequired = (fields: FormField[], values: Values): boolean =>
  fields.some((f) => f.required && f.kind !== 'checkbox' && !(values[f.name] ?? '').trim());

const WriterPicker: React.FC<{ writers: WriterChoice[]; value: string; onChange: (v: string) => void }> = ({
  writers,
  value,
  onChange,
}) => {
  if (!writers.length) return <Text mb="lg">No writers of this website can be chosen.</Text>;
  return (
    <Table mb="lg" data-testid="writer-picker">
      <TableHead>
        <TableRow>
          <TableCell />
          <TableCell>Registration ID</TableCell>
          <TableCell>Pen name</TableCell>
          <TableCell>Active orders</TableCell>
          <TableCell>Can take it?</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {writers.map((w) => (
          <TableRow key={w.id} onClick={() => w.eligible && onChange(String(w.id))}>
            <TableCell>
              <input
                type="radio"
                name="writerId"
                value={w.id}
                disabled={!w.eligible}
                checked={value === String(w.id)}
                data-testid={`writer-option-${w.registrationId}`}
                onChange={() => onChange(String(w.id))}
              />
            </TableCell>
            <TableCell>{w.registrationId}</TableCell>
            <TableCell>{w.penName ?? '—'}</TableCell>
            <TableCell>
              {w.activeOrders} / {w.capacity}
            </TableCell>
            <TableCell>{w.eligible ? 'yes' : w.reason}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const ClientPicker: React.FC<{ search: (q: string) => Promise<ClientChoice[]>; value: string; onChange: (v: string) => void }> = ({
  search,
  value,
  onChange,
}) => {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<ClientChoice[] | null>(null);
  return (
    <Box mb="lg">
      <Box flex flexDirection="row" mb="default">
        <Input
          id="client-search"
          value={q}
          placeholder="Registration ID, email or name"
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)}
        />
        <Button ml="default" type="button" onClick={() => void search(q).then(setFound)}>
          Search
        </Button>
      </Box>
      {found && !found.length ? <Text>No client matches.</Text> : null}
      {(found ?? []).map((c) => (
        <Box key={c.id} mb="sm">
          <label>
            <input
              type="radio"
              name="clientId"
              value={c.id}
              checked={value === String(c.id)}
              data-testid={`client-option-${c.registrationId}`}
              onChange={() => onChange(String(c.id))}
            />{' '}
            {c.registrationId} · {c.displayName} · {c.email}
          </label>
        </Box>
      ))}
    </Box>
  );
};

const Fields: React.FC<{
  fields: FormField[];
  values: Values;
  set: (name: string, value: string) => void;
  writers?: WriterChoice[];
  searchClients?: (q: string) => Promise<ClientChoice[]>;
}> = ({ fields, values, set, writers, searchClients }) => (
  <Box>
    {fields.map((f) => {
      const id = `field-${f.name}`;
      const value = values[f.name] ?? '';
      const label = (
        <Label htmlFor={id} required={f.required}>
          {f.label}
        </Label>
      );
      switch (f.kind) {
        case 'writer':
          return (
            <Box key={f.name}>
              {label}
              <WriterPicker writers={writers ?? []} value={value} onChange={(v) => set(f.name, v)} />
            </Box>
          );
        case 'client':
          return searchClients ? (
            <Box key={f.name}>
              {label}
              <ClientPicker search={searchClients} value={value} onChange={(v) => set(f.name, v)} />
            </Box>
          ) : null;
        case 'checkbox':
          return (
            <Box key={f.name} mb="lg">
              <CheckBox id={id} checked={value === 'true'} onChange={() => set(f.name, value === 'true' ? 'false' : 'true')} />
              <Label inline htmlFor={id} ml="default">
                {f.label}
              </Label>
            </Box>
          );
        case 'select':
          return (
            <Box key={f.name} mb="lg">
              {label}
              <select id={id} value={value} onChange={(e) => set(f.name, e.target.value)}>
                <option value="">Choose…</option>
                {(f.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {o.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            </Box>
          );
        case 'reason':
          return (
            <Box key={f.name} mb="lg">
              {label}
              <TextArea
                id={id}
                width={1}
                rows={3}
                maxLength={2000}
                value={value}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set(f.name, e.target.value)}
              />
            </Box>
          );
        default:
          return (
            <Box key={f.name} mb="lg">
              {label}
              <Input
                id={id}
                width={1}
                value={value}
                inputMode={f.kind === 'money' ? 'decimal' : undefined}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(f.name, e.target.value)}
              />
              {f.help ? <Text variant="sm">{f.help}</Text> : null}
            </Box>
          );
      }
    })}
  </Box>
);

const h = new ViewHelpers();

interface Preview {
  writers?: WriterChoice[];
  clients?: ClientChoice[];
  refund?: { currency: string; paidCents: number; refundCents: number; forfeitCents: number; shareBp: number };
}

const SHOWN = ['number', 'status', 'topic', 'pages', 'deadline'];

const OrderAction: React.FC<ActionProps> = (props) => {
  const { action, resource, record } = props;
  const custom = (action.custom ?? {}) as { question?: string; confirmLabel?: string; fields?: FormField[] };
  const fields = custom.fields ?? [];
  const [values, setValues] = useState<Values>({});
  const submit = useActionSubmit(props);
  const { preview, loadError } = useActionPreview<Preview>(props, (p) => {
    if (p.refund) setValues((v) => ({ ...v, refund: (p.refund!.refundCents / 100).toFixed(2) }));
    const params = (record?.params ?? {}) as Record<string, unknown>;
    if (fields.some((f) => f.name === 'amount') && params.totalCents != null) {
      // A manual payment defaults to what is still owed.
      setValues((v) => ({ ...v, amount: ((Number(params.totalCents) - Number(params.paidCents ?? 0)) / 100).toFixed(2) }));
    }
  });

  if (!record) return null;
  const params = record.params as Record<string, unknown>;
  const currency = String(params.currency ?? 'USD');

  const searchClients = async (q: string): Promise<ClientChoice[]> => {
    const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, params: { q } });
    return (response.data as unknown as { preview?: Preview }).preview?.clients ?? [];
  };

  return (
    <ActionFrame
      testId="order-action"
      question={custom.question ?? `${action.label}?`}
      confirmLabel={custom.confirmLabel}
      backLabel="Back"
      error={submit.error ?? loadError}
      submit={submit}
      ready={!missingRequired(fields, values)}
      onConfirm={() => void submit.submit(formDataOf(values))}
    >
      <Box mb="lg">
        {SHOWN.filter((key) => params[key] !== undefined && params[key] !== null && params[key] !== '').map((key) => (
          <Text key={key} mb="sm">
            <strong>{resource.properties[key]?.label ?? key}:</strong> {String(params[key])}
          </Text>
        ))}
        <Text mb="sm">
          <strong>Total:</strong> {money(params.totalCents as number, currency)} · <strong>Paid:</strong>{' '}
          {money(params.paidCents as number, currency)}
        </Text>
      </Box>
      {preview?.refund ? (
        <MessageBox
          mb="lg"
          variant="info"
          data-testid="computed-refund"
          message={`The forfeiture table gives a refund of ${money(preview.refund.refundCents, preview.refund.currency)} of ${money(preview.refund.paidCents, preview.refund.currency)} paid (${preview.refund.shareBp / 100} % forfeited).`}
        />
      ) : null}
      {preview === null && fields.some((f) => f.kind === 'writer') ? <Text mb="lg">Loading writers…</Text> : null}
      <Fields
        fields={fields}
        values={values}
        set={(name, value) => setValues((v) => ({ ...v, [name]: value }))}
        writers={preview?.writers}
        searchClients={searchClients}
      />
    </ActionFrame>
  );
};

interface ResultRow {
  id: number;
  number: string | null;
  ok: boolean;
  status?: string;
  error?: { code: string; message: string };
}

const BulkOrderAction: React.FC<ActionProps> = ({ action, resource, records }) => {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const custom = (action.custom ?? {}) as { question?: string; confirmLabel?: string; fields?: FormField[] };
  const fields = custom.fields ?? [];
  const [values, setValues] = useState<Values>({});
  const [writers, setWriters] = useState<WriterChoice[] | undefined>(undefined);
  const [results, setResults] = useState<ResultRow[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = (records ?? []).map((r) => r.id);

  useEffect(() => {
    if (!ids.length || !fields.some((f) => f.kind === 'writer')) return;
    api
      .bulkAction({ resourceId: resource.id, recordIds: ids, actionName: action.name })
      .then((response) => setWriters((response.data as unknown as { preview?: { writers?: WriterChoice[] } }).preview?.writers ?? []))
      .catch(() => setError('The writers could not be loaded.'));
  }, [ids.join(','), action.name]);

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const response = await api.bulkAction({ resourceId: resource.id, recordIds: ids, actionName: action.name, data: formDataOf(values) });
      const data = response.data as unknown as { results?: ResultRow[]; notice?: { message: string; type: 'success' | 'error' } };
      if (data.notice) addNotice(data.notice);
      if (data.results) setResults(data.results);
      else if (data.notice?.type === 'error') setError(data.notice.message);
    } catch {
      setError('The request failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="white" data-testid="bulk-order-action">
      <H3>{custom.question ?? `${action.label}?`}</H3>
      {results ? (
        <Table mb="lg" data-testid="bulk-results">
          <TableHead>
            <TableRow>
              <TableCell>Order</TableCell>
              <TableCell>Result</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {results.map((r) => (
              <TableRow key={r.id} data-testid={`bulk-result-${r.id}`}>
                <TableCell>{r.number ?? `#${r.id}`}</TableCell>
                <TableCell>
                  {r.ok ? `done — now ${String(r.status).replace(/_/g, ' ')}` : `failed — ${r.error?.message ?? 'refused'}`}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Box>
          <Box mb="lg">
            {(records ?? []).map((r) => (
              <Text key={r.id} mb="sm">
                {String(r.params.number)} · {String(r.params.status).replace(/_/g, ' ')} · {String(r.params.topic ?? '')}
              </Text>
            ))}
          </Box>
          <Fields fields={fields} values={values} set={(name, value) => setValues((v) => ({ ...v, [name]: value }))} writers={writers} />
          {error ? <MessageBox mb="lg" variant="danger" message={error} /> : null}
          <Button
            variant="contained"
            color="danger"
            data-testid="bulk-action-submit"
            disabled={busy || missingRequired(fields, values)}
            onClick={() => void confirm()}
          >
            {custom.confirmLabel ?? 'Confirm'}
          </Button>
        </Box>
      )}
      <Button ml="default" variant="text" type="button" onClick={() => navigate(h.resourceUrl({ resourceId: resource.id }))}>
        Back to the list
      </Button>
    </Box>
  );
};

/** One component for both kinds, so the fields above are bundled once. */
const OrderActionScreen: React.FC<ActionProps> = (props) => (props.records ? <BulkOrderAction {...props} /> : <OrderAction {...props} />);

export default OrderActionScreen;
