import * as vscode from 'vscode';
import { DEFAULT_CONCURRENCY } from '../../core/engine/fanOut';
import type { Endpoint, ProviderConfig } from '../../core/types';
import type { StudioDefaults } from '../../shared/protocol';
import { DEFAULT_MODEL } from '../../core/models/defaultModel';

const SECTION = 'imageStudio';

/**
 * A setting that decides where the key is sent, read from the user's own settings only.
 * The manifest already gives these `application` scope (VS Code ignores them in workspace
 * settings); reading `globalValue` explicitly keeps that true even if the manifest changes.
 */
function userValue<T>(key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The provider to talk to, from user-level settings only. */
export function readProviderConfig(): ProviderConfig {
  const kind = userValue<string>('provider', 'openai');
  const baseUrl = text(userValue<string>('baseUrl', ''));
  if (kind === 'azure') {
    return {
      kind: 'azure',
      baseUrl,
      endpoint: text(userValue<string>('azure.endpoint', '')),
      deployment: text(userValue<string>('azure.deployment', '')),
      apiVersion: text(userValue<string>('azure.apiVersion', '')),
    };
  }
  if (kind === 'compatible') {
    const endpoints = userValue<unknown>('compatible.endpoints', undefined);
    return {
      kind: 'compatible',
      baseUrl: baseUrl ?? '',
      endpoints: Array.isArray(endpoints)
        ? endpoints.filter((e): e is Endpoint => e === 'generations' || e === 'edits' || e === 'variations')
        : undefined,
    };
  }
  return {
    kind: 'openai',
    baseUrl,
    organization: text(userValue<string>('organization', '')),
    project: text(userValue<string>('project', '')),
  };
}

/** Request limits from user-level settings, clamped to sane bounds. */
export function readRequestLimits(): { timeoutMs: number; maxRetries: number } {
  const timeout = Number(userValue<number>('timeoutSeconds', 600));
  const retries = Number(userValue<number>('maxRetries', 2));
  return {
    timeoutMs: Math.min(Math.max(Number.isFinite(timeout) ? timeout : 600, 10), 3600) * 1000,
    maxRetries: Math.min(Math.max(Number.isInteger(retries) ? retries : 2, 0), 5),
  };
}

/** Generation defaults: any scope, since they only shape requests the user starts. */
export interface GenerationDefaults extends StudioDefaults {
  concurrency: number;
  variationPrompt: string;
  protectUnmaskedPixels: boolean;
}

/** Reads generation defaults, falling back per field when a value has the wrong type. */
export function readGenerationDefaults(scope?: vscode.Uri): GenerationDefaults {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const str = (key: string, fallback: string) => text(c.get<unknown>(key)) ?? fallback;
  const int = (key: string, fallback: number, min: number, max: number) => {
    const v = c.get<unknown>(key);
    return typeof v === 'number' && Number.isInteger(v) ? Math.min(Math.max(v, min), max) : fallback;
  };
  const format = str('outputFormat', 'png');
  return {
    model: str('model', DEFAULT_MODEL),
    size: str('size', 'auto'),
    quality: str('quality', 'auto'),
    n: int('n', 1, 1, 20),
    background: str('background', 'auto'),
    outputFormat: format === 'jpeg' || format === 'webp' ? format : 'png',
    concurrency: int('concurrency', DEFAULT_CONCURRENCY, 1, 10),
    protectUnmaskedPixels: c.get<unknown>('protectUnmaskedPixels') !== false,
    variationPrompt: str(
      'variationPrompt',
      'Create a variation of this image: keep its subject, composition and style, and change the details.', // l10n-ignore: the setting's default, sent to the model
    ),
  };
}

/** Output settings for a workspace folder. */
export interface OutputSettings {
  outputFolder: string;
  fileNameTemplate: string;
  writeSidecar: boolean;
}

/** Reads output settings for a folder (resource scope: each root may differ). */
export function readOutputSettings(scope?: vscode.Uri): OutputSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const folder = c.get<unknown>('outputFolder');
  const template = c.get<unknown>('fileNameTemplate');
  return {
    outputFolder: typeof folder === 'string' ? folder : 'images',
    fileNameTemplate: typeof template === 'string' && template.trim() ? template : '{slug}-{date}-{index}',
    writeSidecar: c.get<unknown>('writeSidecar') !== false,
  };
}
