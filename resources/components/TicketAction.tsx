import React, { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  Box,
  Button,
  CheckBox,
  H3,
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

/**
 * The screens of the ticket actions. `assign`: an agent of the website (or me), from the action's
 * GET. `reply`: a canned reply as a start, the text, and "internal note" (never shown to the
 * customer). `reason` / `note`: a reason (required or not). On a bulk action the same fields, then
 * one result per ticket. "Confirm" POSTs the form; the support services check the staff member again.
 * `action.custom` = { question, confirmLabel, mode, reasonRequired }.
 */
interface Agent {
  id: number;
  name: string;
  role: string;
}
interface Canned {
  id: number;
  title: string;
  body: string;
}
interface Preview {
  agents?: Agent[];
  me?: number;
  cannedReplies?: Canned[];
}
interface Custom {
  question?: string;
  confirmLabel?: string;
  mode?: 'assign' | 'reply' | 'reason' | 'note' | 'priority';
  reasonRequired?: boolean;
  /** The choices of the priority mode. */
  priorities?: string[];
}
interface ResultRow {
  id: number;
  ok: boolean;
  status?: string;
  error?: { message: string };
}

const h = new ViewHelpers();

const AgentSelect: React.FC<{ preview: Preview | null; value: string; set: (v: string) => void }> = ({ preview, value, set }) => (
  <Box mb="lg">
    <Label htmlFor="ticket-assignee" required>
      Agent
    </Label>
    <select id="ticket-assignee" data-testid="ticket-assignee" value={value} onChange={(e) => set(e.target.value)}>
      <option value="">Choose…</option>
      <option value="me">me</option>
      {(preview?.agents ?? []).map((a) => (
        <option key={a.id} value={String(a.id)}>
          {a.name} ({a.role})
        </option>
      ))}
    </select>
  </Box>
);

const ReasonField: React.FC<{ required: boolean; value: string; set: (v: string) => void }> = ({ required, value, set }) => (
  <Box mb="lg">
    <Label htmlFor="ticket-reason" required={required}>
      Reason
    </Label>
    <TextArea
      id="ticket-reason"
      width={1}
      rows={3}
      maxLength={2000}
      value={value}
      onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set(e.target.value)}
    />
  </Box>
);

const TicketAction: React.FC<ActionProps> = (props) => {
  const { action, record } = props;
  const custom = (action.custom ?? {}) as Custom;
  const mode = custom.mode ?? 'reason';
  const submit = useActionSubmit(props);
  const { preview, loadError } = useActionPreview<Preview>(props);
  const [assignee, setAssignee] = useState('');
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [canned, setCanned] = useState('');
  const [reason, setReason] = useState('');
  const [priority, setPriority] = useState('');
  if (!record) return null;
  const params = record.params as Record<string, unknown>;
  const reasonGiven = !custom.reasonRequired || Boolean(reason.trim());
  const ready =
    mode === 'assign'
      ? Boolean(assignee)
      : mode === 'reply'
        ? Boolean(body.trim())
        : mode === 'priority'
          ? Boolean(priority) && reasonGiven
          : reasonGiven;
  const values: Record<string, string> =
    mode === 'assign'
      ? { assigneeId: assignee }
      : mode === 'reply'
        ? { body, internal: internal ? 'true' : 'false', cannedReplyId: canned }
        : mode === 'priority'
          ? { priority, reason }
          : { reason };
  const pickCanned = (id: string) => {
    setCanned(id);
    const found = preview?.cannedReplies?.find((c) => String(c.id) === id);
    if (found) setBody(found.body);
  };

  return (
    <ActionFrame
      testId="ticket-action"
      question={custom.question ?? `${action.label}?`}
      confirmLabel={custom.confirmLabel}
      error={submit.error ?? loadError}
      submit={submit}
      ready={ready}
      onConfirm={() => void submit.submit(formDataOf(values))}
    >
      <Text mb="lg">
        <strong>{String(params.subject ?? '')}</strong> · {String(params.status ?? '').replace(/_/g, ' ')} · {String(params.priority ?? '')}
      </Text>
      {mode === 'assign' ? <AgentSelect preview={preview} value={assignee} set={setAssignee} /> : null}
      {mode === 'reply' ? (
        <Box mb="lg">
          {preview?.cannedReplies?.length ? (
            <Box mb="lg">
              <Label htmlFor="ticket-canned">Canned reply</Label>
              <select id="ticket-canned" data-testid="ticket-canned" value={canned} onChange={(e) => pickCanned(e.target.value)}>
                <option value="">None</option>
                {preview.cannedReplies.map((c) => (
                  <option key={c.id} value={String(c.id)}>
                    {c.title}
                  </option>
                ))}
              </select>
            </Box>
          ) : null}
          <Label htmlFor="ticket-body" required>
            Reply
          </Label>
          <TextArea
            id="ticket-body"
            width={1}
            rows={6}
            maxLength={10000}
            value={body}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setBody(e.target.value)}
          />
          <Box mt="default">
            <CheckBox id="ticket-internal" data-testid="ticket-internal" checked={internal} onChange={() => setInternal(!internal)} />
            <Label inline htmlFor="ticket-internal" ml="default">
              Internal note (staff only; the customer never sees it)
            </Label>
          </Box>
        </Box>
      ) : null}
      {mode === 'priority' ? (
        <Box mb="lg">
          <Label htmlFor="ticket-priority" required>
            New priority
          </Label>
          <select id="ticket-priority" data-testid="ticket-priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
            <option value="">Choose…</option>
            {(custom.priorities ?? [])
              .filter((p) => p !== params.priority)
              .map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
          </select>
        </Box>
      ) : null}
      {mode === 'reason' || mode === 'note' || mode === 'priority' ? (
        <ReasonField required={Boolean(custom.reasonRequired)} value={reason} set={setReason} />
      ) : null}
    </ActionFrame>
  );
};

const BulkTicketAction: React.FC<ActionProps> = ({ action, resource, records }) => {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const custom = (action.custom ?? {}) as Custom;
  const ids = (records ?? []).map((r) => r.id);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const [results, setResults] = useState<ResultRow[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!ids.length || custom.mode !== 'assign') return;
    api
      .bulkAction({ resourceId: resource.id, recordIds: ids, actionName: action.name })
      .then((response) => setPreview((response.data as unknown as { preview?: Preview }).preview ?? {}))
      .catch(() => setError('The agents could not be loaded.'));
  }, [ids.join(','), action.name]);

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const data = formDataOf(custom.mode === 'assign' ? { assigneeId: assignee } : { reason });
      const response = await api.bulkAction({ resourceId: resource.id, recordIds: ids, actionName: action.name, data });
      const answer = response.data as unknown as { results?: ResultRow[]; notice?: { message: string; type: 'success' | 'error' } };
      if (answer.notice) addNotice(answer.notice);
      if (answer.results) setResults(answer.results);
      else if (answer.notice?.type === 'error') setError(answer.notice.message);
    } catch {
      setError('The request failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="white" data-testid="bulk-ticket-action">
      <H3>{custom.question ?? `${action.label}?`}</H3>
      {results ? (
        <Table mb="lg" data-testid="bulk-results">
          <TableHead>
            <TableRow>
              <TableCell>Ticket</TableCell>
              <TableCell>Result</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {results.map((r) => (
              <TableRow key={r.id} data-testid={`bulk-result-${r.id}`}>
                <TableCell>#{r.id}</TableCell>
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
                #{r.id} · {String(r.params.status).replace(/_/g, ' ')} · {String(r.params.subject ?? '')}
              </Text>
            ))}
          </Box>
          {custom.mode === 'assign' ? (
            <AgentSelect preview={preview} value={assignee} set={setAssignee} />
          ) : (
            <ReasonField required={false} value={reason} set={setReason} />
          )}
          {error ? <MessageBox mb="lg" variant="danger" message={error} /> : null}
          <Button
            variant="contained"
            color="danger"
            data-testid="bulk-action-submit"
            disabled={busy || (custom.mode === 'assign' && !assignee)}
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
const TicketActionScreen: React.FC<ActionProps> = (props) =>
  props.records ? <BulkTicketAction {...props} /> : <TicketAction {...props} />;

export default TicketActionScreen;
