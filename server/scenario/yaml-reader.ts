// Typed reading of a parsed YAML document (the `yaml` package's node tree) with the line of every
// node, so that each refusal is one line naming the file, the line and the field.
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';

/** A scenario file that cannot be used: `file:line: field: what is wrong`. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly code = 'SCENARIO_INVALID';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${field}: ${detail}`);
  }
}

/** Where nodes come from: the file name and its line counter. */
export interface Source {
  readonly file: string;
  readonly lines: LineCounter;
}

/** The 1-based line a node starts on (1 when it has no position). */
export function lineOf(source: Source, node: Node | null | undefined): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 1 : source.lines.linePos(offset).line;
}

/** Throws the ScenarioError for `node` at `field`. */
export function fail(
  source: Source,
  node: Node | null | undefined,
  field: string,
  detail: string,
): never {
  throw new ScenarioError(source.file, lineOf(source, node), field, detail);
}

/** Describes a node for messages: `"ten"`, `12.5`, `a list`, `a mapping`. */
export function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'nothing' : JSON.stringify(node.value);
  return 'an alias';
}

/** A YAML mapping at `path`, read field by field. */
export class MapView {
  constructor(
    readonly source: Source,
    readonly node: YAMLMap,
    readonly path: string,
  ) {}

  /** Reads `node` at `path` as a mapping. */
  static of(source: Source, node: Node | null | undefined, path: string): MapView {
    if (!isMap(node)) fail(source, node, path, `expected a mapping, got ${describe(node)}`);
    return new MapView(source, node as YAMLMap, path);
  }

  /** The field path of `key` under this mapping. */
  field(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  /** Refuses any key outside `allowed`. */
  allowOnly(allowed: readonly string[]): void {
    for (const pair of this.node.items as Pair<Node, Node>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : describe(pair.key);
      if (!allowed.includes(key))
        fail(
          this.source,
          pair.key,
          this.field(key),
          `unknown field (expected one of: ${allowed.join(', ')})`,
        );
    }
  }

  /** The keys present, in order. */
  keys(): string[] {
    return (this.node.items as Pair<Node, Node>[]).map((p) =>
      isScalar(p.key) ? String(p.key.value) : '',
    );
  }

  /** The key node of `key`, for positions. */
  keyNode(key: string): Node | undefined {
    return (this.node.items as Pair<Node, Node>[]).find(
      (p) => isScalar(p.key) && p.key.value === key,
    )?.key;
  }

  /** The value node of `key`: undefined when the key is absent, null when it has no value. */
  get(key: string): Node | null | undefined {
    const pair = (this.node.items as Pair<Node, Node | null>[]).find(
      (p) => isScalar(p.key) && p.key.value === key,
    );
    return pair === undefined ? undefined : (pair.value ?? null);
  }

  /** True when `key` is present. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Throws "missing field" at this mapping's line. */
  missing(key: string): never {
    return fail(this.source, this.node, this.field(key), 'missing field');
  }

  /** Throws for the value of `key` (at the key's line when it has no value). */
  refuse(key: string, detail: string): never {
    return fail(
      this.source,
      this.get(key) ?? this.keyNode(key) ?? this.node,
      this.field(key),
      detail,
    );
  }

  /** The scalar value of `key` (undefined when absent); empty values, lists and mappings are refused. */
  scalar(key: string): unknown {
    const node = this.get(key);
    if (node === undefined) return undefined;
    if (node === null || !isScalar(node) || node.value === null)
      this.refuse(key, `expected a value, got ${describe(node)}`);
    return (node as { value: unknown }).value;
  }

  /** A string field; `pattern` and `what` describe what is allowed. */
  string(key: string, what = 'text', pattern?: RegExp): string | undefined {
    const value = this.scalar(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || (pattern && !pattern.test(value)))
      this.refuse(key, `expected ${what}, got ${describe(this.get(key))}`);
    return value as string;
  }

  /** A required string field. */
  requiredString(key: string, what = 'text', pattern?: RegExp): string {
    return this.string(key, what, pattern) ?? this.missing(key);
  }

  /** A number field within [min, max]. */
  number(key: string, min: number, max: number, integer = false): number | undefined {
    const value = this.scalar(key);
    if (value === undefined) return undefined;
    const ok = typeof value === 'number' && value >= min && value <= max;
    if (!ok || (integer && !Number.isInteger(value)))
      this.refuse(
        key,
        `expected ${integer ? 'an integer' : 'a number'} within ${min}-${max}, got ${describe(this.get(key))}`,
      );
    return value as number;
  }

  /** A boolean field. */
  boolean(key: string): boolean | undefined {
    const value = this.scalar(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean')
      this.refuse(key, `expected true or false, got ${describe(this.get(key))}`);
    return value as boolean;
  }

  /** One of `values`. */
  choice<T extends string>(key: string, values: readonly T[]): T | undefined {
    const value = this.scalar(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value))
      this.refuse(key, `expected one of ${values.join(', ')}, got ${describe(this.get(key))}`);
    return value as T;
  }

  /** A nested mapping, or undefined when absent. */
  map(key: string): MapView | undefined {
    const node = this.get(key);
    if (node === undefined) return undefined;
    if (!isMap(node)) this.refuse(key, `expected a mapping, got ${describe(node)}`);
    return new MapView(this.source, node as YAMLMap, this.field(key));
  }

  /** The items of a list field (empty when absent), each with its path. */
  list(key: string): { node: Node; path: string }[] {
    const node = this.get(key);
    if (node === undefined) return [];
    if (!isSeq(node)) this.refuse(key, `expected a list, got ${describe(node)}`);
    return (node as { items: Node[] }).items.map((item, i) => ({
      node: item,
      path: `${this.field(key)}[${i}]`,
    }));
  }

  /** The line of this mapping. */
  get line(): number {
    return lineOf(this.source, this.node);
  }
}
