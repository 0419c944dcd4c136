// A tool's input, checked against its schema before anything is read or sent. VS Code validates
// a language-model tool's input against the declared schema, but an MCP client's arguments arrive
// as they are, and both doors share this check so a bad call is refused alike. Only the schema
// subset of toolDefinitions.ts is understood.
import { t } from '../l10n';
import { AgentToolError } from './agentErrors';
import type { AgentToolDefinition, ToolSchema } from './toolDefinitions';

/** The generate tool's input, checked. */
export interface GenerateInput {
  prompt: string;
  path?: string;
  model?: string;
  size?: string;
  quality?: string;
  background?: string;
  format?: string;
  n?: number;
  transparencyFallback?: boolean;
}

/** The edit tool's input, checked. */
export interface EditInput extends GenerateInput {
  images: string[];
  mask?: string;
  markup?: string;
}

/** The assets tool's input, checked. */
export interface AssetsInput {
  action: 'status' | 'check' | 'add' | 'build';
  manifest?: string;
  paths?: string[];
  force?: boolean;
  path?: string;
  prompt?: string;
  model?: string;
  size?: string;
  quality?: string;
  background?: string;
  resize?: string;
  fit?: string;
  sizes?: Record<string, string>;
  n?: number;
  inputs?: string[];
  mask?: string;
  markup?: string;
  style?: string;
  transparencyFallback?: boolean;
  replace?: boolean;
}

/** Checks `input` against the tool's schema; throws an AgentToolError naming every problem. */
export function checkToolInput<T>(tool: AgentToolDefinition, input: unknown): T {
  const problems: string[] = [];
  check(tool.inputSchema, input, '', problems);
  if (problems.length)
    throw new AgentToolError(t('The input of {tool} is not valid: {problems}', { tool: tool.name, problems: problems.join('; ') }));
  return input as T;
}

function check(schema: ToolSchema, value: unknown, at: string, problems: string[]): void {
  const where = at || t('the input');
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(t('{where} must be an object', { where }));
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? [])
        if (record[key] === undefined) problems.push(t('{field} is required', { field: join(at, key) }));
      for (const [key, v] of Object.entries(record)) {
        if (v === undefined) continue;
        const property = schema.properties?.[key];
        if (property) check(property, v, join(at, key), problems);
        else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties, v, join(at, key), problems);
        else if (schema.additionalProperties === false) problems.push(t('{field} is not an option of this tool', { field: join(at, key) }));
      }
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) {
        problems.push(t('{where} must be a list', { where }));
        return;
      }
      if (schema.minItems !== undefined && value.length < schema.minItems)
        problems.push(t('{where} needs at least {count} item(s)', { where, count: schema.minItems }));
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        problems.push(t('{where} takes at most {count} item(s)', { where, count: schema.maxItems }));
      value.forEach((item, i) => schema.items && check(schema.items, item, `${where}[${i}]`, problems));
      return;
    }
    case 'string':
      if (typeof value !== 'string') problems.push(t('{where} must be a string', { where }));
      else if (schema.enum && !schema.enum.includes(value))
        problems.push(
          t('{where} must be one of {values} (got "{value}")', { where, values: schema.enum.join(', '), value: value.slice(0, 40) }),
        );
      else if (schema.minLength !== undefined && value.trim().length < schema.minLength) problems.push(t('{where} is empty', { where }));
      else if (schema.maxLength !== undefined && value.length > schema.maxLength)
        problems.push(t('{where} is longer than {count} characters', { where, count: schema.maxLength }));
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) problems.push(t('{where} must be a whole number', { where }));
      else if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum))
        problems.push(t('{where} must be from {min} to {max}', { where, min: schema.minimum ?? '-', max: schema.maximum ?? '-' }));
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(t('{where} must be true or false', { where }));
      return;
  }
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}
