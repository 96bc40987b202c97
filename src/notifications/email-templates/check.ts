import Handlebars from 'handlebars';

/**
 * The strict check a template's source passes before it is saved: it compiles, and every variable
 * it reads is one its meta declares (the sample data of `templates/<name>.meta.json`, `brand`
 * included). Walks the Handlebars syntax tree: the paths of mustaches, of block and helper
 * parameters and hash values; `#each` and `#with` change the context (`this`, `../`, block
 * params `as |item i|`, `@index`/`@key`/`@first`/`@last` inside an each); `@root.x` reads the
 * top. Only the built-in helpers exist; partials must be known. A source that passes renders at
 * send time with data shaped like its sample.
 */

export interface TemplateProblem {
  message: string;
  /** The unknown variable, when that is the problem. */
  variable?: string;
  line?: number;
}

export interface CheckOptions {
  /** The sample data: its paths are what the source may read. */
  variables: Record<string, unknown>;
  /** Partials the source may include (`layout`, `button`, `footer`, …). */
  partials: readonly string[];
  /** The layout and partials may include `{{> @partial-block}}`; the layout must. */
  partialBlock?: 'forbidden' | 'allowed' | 'required';
  /**
   * HTML parts refuse unescaped output (`{{{x}}}`, `{{& x}}`): a customer's name or an order's
   * topic must not become markup in the email. Subjects and texts are not HTML.
   */
  html?: boolean;
}

const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);
// No `lookup` (its string arguments would read data the template does not declare) and no `log` (the server's log is not the template's).
const HELPERS = new Set(['if', 'unless', 'each', 'with']);
const EACH_DATA = new Set(['index', 'key', 'first', 'last']);

type Node = hbs.AST.Node;
type Expr = hbs.AST.Expression;

interface Scope {
  /** Contexts from the top (index 0) to the current one: `../` steps back one. */
  contexts: unknown[];
  /** Block params visible here, innermost last. */
  params: Array<Map<string, unknown>>;
  /** Inside an #each: `@index` and friends exist. */
  inEach: boolean;
}

const UNKNOWN = Symbol('unknown');

/** The sample value at `parts` under `value`, or UNKNOWN. An array's sample element is its first. */
function resolve(value: unknown, parts: readonly string[]): unknown {
  let current = value;
  for (const part of parts) {
    if (Array.isArray(current)) {
      if (part === 'length') current = current.length;
      else if (/^\d+$/.test(part)) current = current[0] ?? {};
      else return UNKNOWN;
    } else if (current !== null && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, part)) {
      current = (current as Record<string, unknown>)[part];
    } else return UNKNOWN;
  }
  return current;
}

/** What a block's body sees as `this` when the block iterates (an array's first element, an object's values). */
function elementOf(value: unknown): unknown {
  if (Array.isArray(value)) return value[0] ?? {};
  if (value !== null && typeof value === 'object') return Object.values(value)[0] ?? {};
  return {};
}

class Checker {
  readonly problems: TemplateProblem[] = [];

  constructor(private readonly options: CheckOptions) {}

  private problem(node: Node, message: string, variable?: string): void {
    this.problems.push({ message, ...(variable ? { variable } : {}), ...(node.loc ? { line: node.loc.start.line } : {}) });
  }

  /** The sample value a path reads, or UNKNOWN (reported). */
  path(node: hbs.AST.PathExpression, scope: Scope): unknown {
    const name = node.original;
    if (node.data) {
      const [head, ...rest] = node.parts;
      if (head === 'root') {
        const value = resolve(scope.contexts[0], rest);
        if (value === UNKNOWN) this.problem(node, `unknown variable "${name}"`, name);
        return value;
      }
      if (head && EACH_DATA.has(head) && rest.length === 0 && scope.inEach) return head === 'key' ? 'key' : 0;
      this.problem(node, `unknown variable "${name}"${head && EACH_DATA.has(head) ? ' (only inside #each)' : ''}`, name);
      return UNKNOWN;
    }
    if (node.depth === 0 && node.parts.length > 0 && !/^this[./]/.test(name)) {
      for (let i = scope.params.length - 1; i >= 0; i -= 1) {
        const params = scope.params[i]!;
        if (params.has(node.parts[0]!)) {
          const value = resolve(params.get(node.parts[0]!), node.parts.slice(1));
          if (value === UNKNOWN) this.problem(node, `unknown variable "${name}"`, name);
          return value;
        }
      }
    }
    const index = scope.contexts.length - 1 - node.depth;
    if (index < 0) {
      this.problem(node, `"${name}" goes above the top of the data`, name);
      return UNKNOWN;
    }
    const value = resolve(scope.contexts[index], node.parts);
    if (value === UNKNOWN) this.problem(node, `unknown variable "${name}"`, name);
    return value;
  }

  expression(node: Expr, scope: Scope): unknown {
    switch (node.type) {
      case 'PathExpression':
        return this.path(node as hbs.AST.PathExpression, scope);
      case 'SubExpression': {
        const sub = node as hbs.AST.SubExpression;
        this.helperCall(sub, sub.path as Expr, sub.params, sub.hash, scope);
        return {};
      }
      default:
        return (node as hbs.AST.Literal & { value?: unknown }).value;
    }
  }

  private args(params: Expr[], hash: hbs.AST.Hash | undefined, scope: Scope): unknown[] {
    const values = params.map((p) => this.expression(p, scope));
    for (const pair of hash?.pairs ?? []) this.expression(pair.value, scope);
    return values;
  }

  /** A call with parameters (or a hash) names a helper: only the built-in ones exist. */
  private helperCall(node: Node, path: Expr, params: Expr[], hash: hbs.AST.Hash | undefined, scope: Scope): void {
    const name = path.type === 'PathExpression' ? (path as hbs.AST.PathExpression).original : '';
    if (!HELPERS.has(name)) this.problem(node, `unknown helper "${name || path.type}"`);
    this.args(params, hash, scope);
  }

  program(program: hbs.AST.Program | undefined, scope: Scope): void {
    for (const statement of program?.body ?? []) this.statement(statement, scope);
  }

  statement(node: hbs.AST.Statement, scope: Scope): void {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        if (this.options.html && m.escaped === false) this.problem(m, 'unescaped output ({{{…}}}) is not allowed in HTML');
        if (m.params.length || m.hash?.pairs.length) this.helperCall(m, m.path as Expr, m.params, m.hash, scope);
        else if (m.path.type === 'PathExpression' && HELPERS.has((m.path as hbs.AST.PathExpression).original))
          this.problem(m, `the helper "${(m.path as hbs.AST.PathExpression).original}" needs arguments`);
        else this.expression(m.path as Expr, scope);
        return;
      }
      case 'BlockStatement':
        return this.block(node as hbs.AST.BlockStatement, scope);
      case 'PartialStatement':
      case 'PartialBlockStatement':
        return this.partial(node as hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, scope);
      default:
        this.problem(node, `${node.type} is not allowed in email templates`);
    }
  }

  private block(node: hbs.AST.BlockStatement, scope: Scope): void {
    const path = node.path as hbs.AST.PathExpression;
    const name = path.type === 'PathExpression' ? path.original : '';
    const blockParams = node.program?.blockParams ?? [];
    if (BLOCK_HELPERS.has(name)) {
      const [value] = this.args(node.params as Expr[], node.hash, scope);
      if (node.params.length !== 1) this.problem(node, `#${name} takes exactly one argument`);
      if (name === 'if' || name === 'unless') {
        this.program(node.program, scope);
        this.program(node.inverse, scope);
        return;
      }
      const known = value !== UNKNOWN;
      const inner = name === 'each' ? (known ? elementOf(value) : {}) : known ? value : {};
      const params = new Map<string, unknown>();
      if (blockParams[0]) params.set(blockParams[0], inner);
      if (blockParams[1]) params.set(blockParams[1], name === 'each' ? (Array.isArray(value) ? 0 : 'key') : undefined);
      this.program(node.program, {
        contexts: [...scope.contexts, inner],
        params: [...scope.params, params],
        inEach: scope.inEach || name === 'each',
      });
      this.program(node.inverse, scope);
      return;
    }
    if (node.params.length || node.hash?.pairs.length || path.type !== 'PathExpression') {
      this.helperCall(node, node.path as Expr, node.params as Expr[], node.hash, scope);
      return;
    }
    // A section ({{#order}}…{{/order}}): an array iterates, an object becomes the context.
    const value = this.path(path, scope);
    const inner = Array.isArray(value) ? elementOf(value) : value !== null && typeof value === 'object' ? value : scope.contexts.at(-1);
    this.program(node.program, { ...scope, contexts: [...scope.contexts, inner], inEach: scope.inEach || Array.isArray(value) });
    this.program(node.inverse, scope);
  }

  private partial(node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, scope: Scope): void {
    const nameNode = node.name as Expr;
    const name = nameNode.type === 'PathExpression' ? (nameNode as hbs.AST.PathExpression).original : null;
    if (name === null) this.problem(node, 'dynamic partials are not allowed');
    else if (name === '@partial-block') {
      if ((this.options.partialBlock ?? 'forbidden') === 'forbidden')
        this.problem(node, '{{> @partial-block}} belongs in the layout or a partial');
      this.sawPartialBlock = true;
    } else if (!this.options.partials.includes(name)) this.problem(node, `unknown partial "${name}"`);
    this.args(node.params as Expr[], node.hash, scope);
    if (node.type === 'PartialBlockStatement') this.program((node as hbs.AST.PartialBlockStatement).program, scope);
  }

  sawPartialBlock = false;
}

/** The problems of a source (empty: it may be saved). */
export function checkTemplate(source: string, options: CheckOptions): TemplateProblem[] {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
    Handlebars.precompile(source, { strict: true });
  } catch (err) {
    return [{ message: `does not compile: ${String((err as Error).message).split('\n')[0]}` }];
  }
  const checker = new Checker(options);
  checker.program(ast, { contexts: [options.variables], params: [], inEach: false });
  if (options.partialBlock === 'required' && !checker.sawPartialBlock) {
    checker.problems.push({ message: 'the layout must include {{> @partial-block}} (where each email’s body goes)' });
  }
  return checker.problems;
}

/** The variables a sample declares, as paths (`order.number`, `items[].title`), for the editor's list. */
export function variablePaths(sample: Record<string, unknown>, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(sample)) {
    const path = `${prefix}${key}`;
    if (Array.isArray(value)) {
      paths.push(`${path}[]`);
      const first = value[0];
      if (first !== null && typeof first === 'object') paths.push(...variablePaths(first as Record<string, unknown>, `${path}[].`));
    } else if (value !== null && typeof value === 'object') {
      paths.push(...variablePaths(value as Record<string, unknown>, `${path}.`));
    } else paths.push(path);
  }
  return paths;
}

/** The partials a source includes by name (`{{> footer}}`; `@partial-block` and dynamic ones left out). */
export function partialsUsed(source: string): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const n = node as { type?: string; name?: { type?: string; original?: string } };
    if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && n.name?.type === 'PathExpression') {
      if (n.name.original && n.name.original !== '@partial-block') names.add(n.name.original);
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') visit(value);
  };
  try {
    visit(Handlebars.parse(source));
  } catch {
    // a source that does not compile is refused by checkTemplate
  }
  return [...names];
}
