import React, { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Box, Button, H3, MessageBox } from '@adminjs/design-system';
import { ApiClient, ViewHelpers, useNotice, type ActionProps } from 'adminjs';

/**
 * What the screens of our record actions share (ConfirmAction, OrderAction, LedgerAdjust). Not a
 * component of the loader: each screen imports it (with its .tsx extension, which the AdminJS
 * bundler resolves as it is and tsc rewrites to .js for dist/). AdminJS calls actions without a
 * component by GET; ours change things only on POST, so a screen GETs the action for what its form
 * needs (that changes nothing) and POSTs the form through the ApiClient on "Confirm".
 */
export const api = new ApiClient();
const h = new ViewHelpers();

type ActionTarget = Pick<ActionProps, 'action' | 'resource' | 'record'>;

/** The `preview` of the action's GET (null until it arrives); `onLoad` sees it first, e.g. to prefill the form. */
export function useActionPreview<P>(
  { action, resource, record }: ActionTarget,
  onLoad?: (preview: P) => void,
): { preview: P | null; loadError: string | null } {
  const [preview, setPreview] = useState<P | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const recordId = record?.id;
  useEffect(() => {
    if (!recordId) return;
    api
      .recordAction({ resourceId: resource.id, recordId, actionName: action.name })
      .then((response) => {
        const loaded = ((response.data as unknown as { preview?: P }).preview ?? {}) as P;
        onLoad?.(loaded);
        setPreview(loaded);
      })
      .catch(() => setLoadError('The form could not be loaded.'));
  }, [recordId, action.name, resource.id]);
  return { preview, loadError };
}

export interface ActionSubmit {
  busy: boolean;
  error: string | null;
  /** POSTs the form: an error notice stays on this screen, success goes back to the record's page. */
  submit: (data: FormData) => Promise<void>;
  back: () => void;
}

export function useActionSubmit({ action, resource, record }: ActionTarget): ActionSubmit {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const back = () => {
    if (record) navigate(h.showUrl(resource.id, record.id));
  };
  const submit = async (data: FormData): Promise<void> => {
    if (!record) return;
    setBusy(true);
    setError(null);
    try {
      const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data });
      const notice = response.data.notice;
      if (notice?.type === 'error') {
        setError(notice.message);
        addNotice(notice);
        return;
      }
      if (notice) addNotice(notice);
      back();
    } catch {
      setError('The request failed; nothing was changed.');
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit, back };
}

/** Form data from field values. */
export function formDataOf(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

/**
 * The frame of an action screen: the question, the form (children), the error, the confirm button
 * (test id `${testId}-submit`, disabled while busy or while `ready` is false) and the way back.
 */
export const ActionFrame: React.FC<{
  testId: string;
  question: string;
  error: string | null;
  submit: ActionSubmit;
  ready: boolean;
  onConfirm: () => void;
  confirmLabel?: string;
  backLabel?: string;
  children?: React.ReactNode;
}> = ({ testId, question, error, submit, ready, onConfirm, confirmLabel = 'Confirm', backLabel = 'Cancel', children }) => (
  <Box variant="white" data-testid={testId}>
    <H3>{question}</H3>
    {children}
    {error ? <MessageBox mb="lg" variant="danger" message={error} /> : null}
    <Button variant="contained" color="danger" data-testid={`${testId}-submit`} disabled={submit.busy || !ready} onClick={onConfirm}>
      {confirmLabel}
    </Button>
    <Button ml="default" variant="text" type="button" onClick={submit.back}>
      {backLabel}
    </Button>
  </Box>
);
