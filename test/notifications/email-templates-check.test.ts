import { describe, expect, it } from 'vitest';
import { checkTemplate, variablePaths } from '../../src/notifications/email-templates/check.js';
import { overridableKeys, sourceProblems, variablesOf } from '../../src/notifications/email-templates/rules.js';
import { defaultSource, renderEmail, templateMeta, templateNames, TEMPLATE_PARTS } from '../../src/platform/templates.js';

const variables = {
  displayName: 'Ada',
  order: { number: 'ORD-1', topic: null },
  items: [{ title: 'Essay', pages: 3, tags: ['a'] }],
  brand: { name: 'B', color: '#000' },
};
const check = (source: string, partialBlock: 'forbidden' | 'allowed' | 'required' = 'forbidden') =>
  checkTemplate(source, { variables, partials: ['layout', 'button', 'footer'], partialBlock });
const unknown = (source: string) => check(source).map((p) => p.variable ?? p.message);

describe('the strict check of a template source', () => {
  it('accepts declared variables: nested paths, this, ../, block params, @index inside #each, @root', () => {
    expect(check('Hello {{displayName}}, order {{order.number}} {{#if order.topic}}({{order.topic}}){{/if}}')).toEqual([]);
    expect(check('{{#each items}}{{@index}}. {{title}} {{this.pages}} {{../displayName}} {{@root.brand.name}}{{/each}}')).toEqual([]);
    expect(check('{{#each items as |item i|}}{{i}} {{item.title}} {{#each item.tags as |tag|}}{{tag}}{{/each}}{{/each}}')).toEqual([]);
    expect(check('{{#with order}}{{number}}{{else}}none{{/with}}{{#with order as |o|}}{{o.number}}{{/with}}')).toEqual([]);
    expect(check('{{#unless order.topic}}no topic{{else if displayName}}{{displayName}}{{/unless}}')).toEqual([]);
    expect(check('{{items.length}} {{items.0.title}}')).toEqual([]);
    expect(check('{{#> layout}}<p>{{displayName}}</p>{{> button url=order.number label="Go" brand=brand}}{{/layout}}')).toEqual([]);
  });

  it('refuses unknown variables, naming each, wherever they are read', () => {
    expect(unknown('Hello {{displayNme}}')).toEqual(['displayNme']);
    expect(unknown('{{order.nmber}}')).toEqual(['order.nmber']);
    expect(unknown('{{#if secret}}x{{/if}}')).toEqual(['secret']);
    expect(unknown('{{#each items}}{{displayName}}{{/each}}')).toEqual(['displayName']); // the context is the item
    expect(unknown('{{#each items as |item|}}{{item.price}}{{/each}}')).toEqual(['item.price']);
    expect(unknown('{{@index}}')).toEqual(['@index']); // only inside #each
    expect(unknown('{{@root.password}}')).toEqual(['@root.password']);
    expect(unknown('{{../../displayName}}')).toEqual(['../../displayName']);
    expect(unknown('{{> button url=resetUrl}}')).toEqual(['resetUrl']);
    expect(unknown('{{displayName.first}}')).toEqual(['displayName.first']);
  });

  it('refuses what does not compile, unknown helpers and partials, and @partial-block outside a layout', () => {
    expect(check('{{#if displayName}}open')[0]!.message).toMatch(/does not compile/);
    expect(check('{{{displayName}')[0]!.message).toMatch(/does not compile/);
    expect(check('{{shout displayName}}')[0]!.message).toBe('unknown helper "shout"');
    // lookup's string arguments would read data the template does not declare; log writes to the server's log.
    expect(check('{{lookup @root "password"}}')[0]!.message).toBe('unknown helper "lookup"');
    expect(check('{{log displayName}}')[0]!.message).toBe('unknown helper "log"');
    expect(check('{{> header}}')[0]!.message).toBe('unknown partial "header"');
    expect(check('{{> (whichPartial)}}')[0]!.message).toBe('dynamic partials are not allowed');
    expect(check('{{> @partial-block}}')[0]!.message).toMatch(/belongs in the layout/);
    expect(check('{{brand.name}}', 'required')[0]!.message).toMatch(/must include \{\{> @partial-block\}\}/);
    expect(check('<b>{{brand.name}}</b>{{> @partial-block}}', 'required')).toEqual([]);
    expect(checkTemplate('<p>{{{displayName}}}</p>', { variables, partials: [], html: true })[0]!.message).toMatch(/unescaped output/);
    expect(checkTemplate('<p>{{& displayName}}</p>', { variables, partials: [], html: true })[0]!.message).toMatch(/unescaped output/);
    expect(checkTemplate('{{{displayName}}}', { variables, partials: [] })).toEqual([]); // a subject or text is not HTML
    expect(check('{{*decorator}}')[0]!.message).toMatch(/not allowed|does not compile/);
  });

  it('lists the declared variables as paths', () => {
    expect(variablePaths(variables)).toEqual([
      'displayName',
      'order.number',
      'order.topic',
      'items[]',
      'items[].title',
      'items[].pages',
      'items[].tags[]',
      'brand.name',
      'brand.color',
    ]);
    expect(variablesOf('payment-receipt')).toEqual(expect.arrayContaining(['receiptNumber', 'amount', 'brand.name', 'brand.supportEmail']));
  });
});

describe('the default templates and their declarations', () => {
  it('every template of templates/ has a meta file, and its defaults pass the check and render with the sample', () => {
    for (const name of templateNames()) {
      expect(templateMeta(name).description, `${name}.meta.json`).not.toBe('');
      const sources = Object.fromEntries(TEMPLATE_PARTS.map((part) => [part, defaultSource(name, part)]));
      expect(sourceProblems(name, sources), name).toEqual({});
      const rendered = renderEmail(name, templateMeta(name).variables);
      expect(rendered.subject.length, name).toBeGreaterThan(0);
    }
  });

  it('the layout and partials pass their own check; keys cover templates, layout and partials', () => {
    expect(overridableKeys()).toEqual(expect.arrayContaining(['payment-receipt', 'layout', 'partial:button', 'partial:footer']));
    for (const key of overridableKeys().filter((k) => k === 'layout' || k.startsWith('partial:'))) {
      expect(sourceProblems(key, { html: defaultSource(key) }), key).toEqual({});
    }
    expect(sourceProblems('layout', { html: '<p>{{displayName}}</p>{{> @partial-block}}' }).html).toMatch(/unknown variable "displayName"/);
    expect(sourceProblems('nope', { html: 'x' })).toEqual({ key: expect.any(String) });
  });

  it('renders with a website’s overrides of a part, the layout and a partial (the other parts stay default)', () => {
    const data = { ...templateMeta('welcome').variables };
    const out = renderEmail('welcome', data, {
      template: { subject: 'Hi {{displayName}}!', html: null, text: null },
      layout: '<main data-layout="custom">{{brand.name}} {{> @partial-block}} {{> footer}}</main>',
      partials: { footer: '<small>custom footer for {{brand.name}}</small>' },
    });
    expect(out.subject).toBe('Hi Ada Lovelace!');
    expect(out.html).toContain('data-layout="custom"');
    expect(out.html).toContain('custom footer for Scriptorium Essays');
    expect(out.html).toContain('CL-000042');
    expect(out.text).toContain('Your Scriptorium Essays account is ready');
    expect(renderEmail('welcome', data).html).not.toContain('custom');
  });
});
