import React from 'react';
import { Box, Button, H3, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router';
import { ViewHelpers, type ActionProps } from 'adminjs';
import { useActionPreview } from './action-form.tsx';

/**
 * An override rendered with its sample data. The HTML goes into an iframe with an empty sandbox
 * (no scripts, no forms, no same-origin access, no top navigation) through srcdoc, so whatever
 * the template holds cannot act in the back office.
 */
interface Preview {
  key: string;
  version: number;
  renderedAs: string;
  subject: string;
  html: string;
  text: string;
  variables: string[];
}

const h = new ViewHelpers();

const EmailTemplatePreview: React.FC<ActionProps> = (props) => {
  const { record, resource } = props;
  const navigate = useNavigate();
  const { preview, loadError } = useActionPreview<Preview>(props);
  if (loadError) return <MessageBox variant="danger" message={loadError} />;
  if (!preview) return <Loader />;
  if (!preview.html && !preview.subject) return <MessageBox variant="danger" message="The preview could not be rendered." />;
  return (
    <Box variant="white" data-testid="email-template-preview">
      <H3>
        Preview of {preview.key} (version {preview.version})
      </H3>
      {preview.renderedAs !== preview.key ? <Text mb="default">Shown inside the {preview.renderedAs} email.</Text> : null}
      <Label>Subject</Label>
      <Text mb="lg" data-testid="email-preview-subject">
        {preview.subject}
      </Text>
      <Label>HTML</Label>
      <iframe
        title="Email preview"
        data-testid="email-preview-html"
        sandbox=""
        srcDoc={preview.html}
        style={{ width: '100%', height: 520, border: '1px solid #e5e7eb', background: '#fff' }}
      />
      <Label mt="lg">Text</Label>
      <Text as="pre" mb="lg" data-testid="email-preview-text" style={{ whiteSpace: 'pre-wrap', background: '#f8fafc', padding: 12 }}>
        {preview.text}
      </Text>
      {record ? (
        <Button variant="text" type="button" onClick={() => navigate(h.showUrl(resource.id, record.id))}>
          Back
        </Button>
      ) : null}
    </Box>
  );
};

export default EmailTemplatePreview;
