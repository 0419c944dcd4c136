// Validates request bodies against the OpenAPI excerpt (copied verbatim beside this file) with ajv,
// so the fake refuses what the real schema refuses. Fields newer than the excerpt come from the
// separate overlay (openapi-images.overlay.yaml, each entry with its source), applied on load.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/** Schema names of the three request bodies. */
export type RequestSchema = 'CreateImageRequest' | 'CreateImageEditRequest' | 'CreateImageVariationRequest' | 'EditImageBodyJsonParam';

/** A schema violation: the offending parameter and a message in the API's words. */
export interface SchemaProblem {
  param: string | null;
  message: string;
}

// Transpiled tests live in out*/test/fakeServer while the yaml stays in test/fakeServer: walk up.
function findSpec(name = 'openapi-images.yaml'): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'fakeServer', name);
    if (existsSync(candidate)) return candidate;
    const local = join(dir, name);
    if (existsSync(local)) return local;
    if (dirname(dir) === dir) throw new Error(`${name} not found`);
  }
}

interface Overlay {
  enumAdditions: Array<{ schemas: string[]; property: string; containing: string; add: string[] }>;
  properties: Array<{ schemas: string[]; property: string; definition: unknown }>;
}

/** Applies the overlay to the parsed components (in place); unknown schema or property names throw. */
export function applyOverlay(components: { schemas: Record<string, { properties?: Record<string, unknown> }> }, overlay: Overlay): void {
  const schema = (name: string): { properties: Record<string, unknown> } => {
    const s = components.schemas[name];
    if (!s?.properties) throw new Error(`overlay names unknown schema ${name}`);
    return s as { properties: Record<string, unknown> };
  };
  for (const e of overlay.enumAdditions) {
    for (const name of e.schemas) {
      const prop = schema(name).properties[e.property];
      if (!prop) throw new Error(`overlay names unknown property ${name}.${e.property}`);
      let touched = 0;
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node !== 'object') return;
        const en = (node as { enum?: unknown[] }).enum;
        if (Array.isArray(en) && en.includes(e.containing)) {
          for (const v of e.add) if (!en.includes(v)) en.push(v);
          touched++;
        }
        Object.values(node).forEach(walk);
      };
      walk(prop);
      if (!touched) throw new Error(`overlay: no enum with ${e.containing} in ${name}.${e.property}`);
    }
  }
  for (const p of overlay.properties) for (const name of p.schemas) schema(name).properties[p.property] = structuredClone(p.definition);
}

// OpenAPI 3.0's `nullable: true` is not JSON Schema: rewrite it as `anyOf: [schema, {type: null}]`.
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = nullableToJsonSchema(v);
  return (node as { nullable?: boolean }).nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

let validators: Map<RequestSchema, ValidateFunction> | undefined;

function load(): Map<RequestSchema, ValidateFunction> {
  const doc = parse(readFileSync(findSpec(), 'utf8')) as { components: Parameters<typeof applyOverlay>[0] };
  applyOverlay(doc.components, parse(readFileSync(findSpec('openapi-images.overlay.yaml'), 'utf8')) as Overlay);
  // coerceTypes: multipart fields arrive as strings ("2", "true") and the schema speaks integers and booleans.
  const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: true, validateFormats: false });
  ajv.addSchema({ $id: 'openapi', components: nullableToJsonSchema(doc.components) });
  const map = new Map<RequestSchema, ValidateFunction>();
  for (const name of ['CreateImageRequest', 'CreateImageEditRequest', 'CreateImageVariationRequest', 'EditImageBodyJsonParam'] as const) {
    map.set(name, ajv.compile({ $ref: `openapi#/components/schemas/${name}` }));
  }
  return map;
}

/** Validates (and coerces in place) a body; returns the first problem or undefined. */
export function validateAgainstSchema(schema: RequestSchema, body: Record<string, unknown>): SchemaProblem | undefined {
  validators ??= load();
  const validate = validators.get(schema)!;
  if (validate(body)) return undefined;
  const err = validate.errors![0] as ErrorObject;
  const param = err.instancePath.split('/')[1] || (err.params as { missingProperty?: string }).missingProperty || null;
  const value = param && param in body ? JSON.stringify(body[param]) : '';
  return {
    param,
    message:
      err.keyword === 'required'
        ? `Missing required parameter: '${param}'.`
        : `Invalid value${value ? ` ${value}` : ''} for '${param}': ${err.message}.`,
  };
}
