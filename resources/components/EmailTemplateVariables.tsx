import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';
import type { BasePropertyProps } from 'adminjs';

/**
 * The variables the chosen template may use, beside its editor (and on its page): the paths of
 * its declared sample data (`templates/<name>.meta.json`), `brand` always. `property.custom`
 * carries { variables: { [key]: string[] } } for every overridable key.
 */
const EmailTemplateVariables: React.FC<BasePropertyProps> = ({ record, property }) => {
  const all = ((property.custom ?? {}) as { variables?: Record<string, string[]> }).variables ?? {};
  const key = String(record?.params?.key ?? '');
  const variables = all[key];
  return (
    <Box mb="xl" data-testid="email-template-variables">
      <Label>Variables this template may use</Label>
      {!key ? <Text>Choose a template (key) to see its variables.</Text> : null}
      {key && !variables ? <Text>Unknown template.</Text> : null}
      {variables ? (
        <Text as="ul" style={{ fontFamily: 'monospace', columns: 2 }}>
          {variables.map((v) => (
            <li key={v}>{`{{${v}}}`}</li>
          ))}
        </Text>
      ) : null}
      {key === 'layout' ? <Text mt="sm">The layout must include {'{{> @partial-block}}'}: each email’s body goes there.</Text> : null}
    </Box>
  );
};

export default EmailTemplateVariables;
