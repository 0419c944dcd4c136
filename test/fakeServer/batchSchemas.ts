// Validates what the fake's Files and Batch API receive and answers against the official schemas:
// openapi-batch.yaml (Files, Batch and the per-line batch file schemas) with openapi-images.yaml
// for the JSON edit body, both verbatim excerpts of openai/openai-openapi.
import Ajv, { type ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/** Schemas the fake checks. */
export type BatchSchema =
  | 'CreateFileRequest'
  | 'OpenAIFile'
  | 'CreateBatchRequest'
  | 'Batch'
  | 'BatchRequestInput'
  | 'BatchRequestOutput'
  | 'EditImageBodyJsonParam';

function findSpec(name: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'test', 'fakeServer', name), join(dir, name)]) if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} not found`);
  }
}

// OpenAPI 3.0's `nullable: true` is not JSON Schema: rewrite it as `anyOf: [schema, {type: null}]`.
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = nullableToJsonSchema(v);
  return (node as { nullable?: boolean }).nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

let validators: Map<BatchSchema, ValidateFunction> | undefined;

function load(): Map<BatchSchema, ValidateFunction> {
  const components = (file: string): { schemas: Record<string, unknown> } =>
    (parse(readFileSync(findSpec(file), 'utf8')) as { components: { schemas: Record<string, unknown> } }).components;
  const schemas = { ...components('openapi-images.yaml').schemas, ...components('openapi-batch.yaml').schemas };
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  ajv.addSchema({ $id: 'openapi', components: nullableToJsonSchema({ schemas }) });
  const map = new Map<BatchSchema, ValidateFunction>();
  for (const name of [
    'CreateFileRequest',
    'OpenAIFile',
    'CreateBatchRequest',
    'Batch',
    'BatchRequestInput',
    'BatchRequestOutput',
    'EditImageBodyJsonParam',
  ] as const) {
    map.set(name, ajv.compile({ $ref: `openapi#/components/schemas/${name}` }));
  }
  return map;
}

/** The first schema violation of `value` as one sentence, or undefined when it conforms. */
export function batchSchemaProblem(schema: BatchSchema, value: unknown): string | undefined {
  validators ??= load();
  const validate = validators.get(schema)!;
  if (validate(value)) return undefined;
  const err = validate.errors![0]!;
  const where = err.instancePath || (err.params as { missingProperty?: string }).missingProperty || '(root)';
  return `${schema} ${where}: ${err.message ?? 'invalid'}`;
}

/**
 * The Batch and File objects' unset fields are null on the live API (and in the spec's own
 * examples), though their schemas do not declare them nullable: they are checked with the nulls
 * left out.
 */
export function withoutNulls<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as Partial<T>;
}
