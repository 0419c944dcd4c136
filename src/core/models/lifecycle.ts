// A model's lifecycle: what the table says, overridden by what the server says in GET /v1/models
// (`shutdown_date`, YYYY-MM-DD or null; P spec 23e6f5b, 2026-08-14: "monitor it"). The table ships
// with a release; the server's answer is today's truth, so it wins whenever it names the model.
import { parseIsoDay } from '../calendar';
import { t } from '../l10n';
import type { ModelCapabilities, ProviderKind } from './capabilityTypes';

/** One model as GET /v1/models lists it. */
export interface ServerModel {
  id: string;
  /** YYYY-MM-DD; null or absent: no shutdown planned. */
  shutdownDate?: string | null;
}

/** What a server said about its models, and on which day it was asked. */
export interface ServerModels {
  /** YYYY-MM-DD of the answer (the cache refreshes it at most daily). */
  fetchedOn: string;
  models: ServerModel[];
}

/** A model's lifecycle as seen through one provider kind, with a sentence for the user when it matters. */
export interface EffectiveStatus {
  state: 'current' | 'deprecated' | 'retired';
  replacement?: string;
  /** YYYY-MM-DD of the shutdown (past or ahead) when one is known. */
  shutdown?: string;
  /** Where the date comes from: our table, or the server's /v1/models answer. */
  source?: 'table' | 'server';
  message?: string;
}

/** The replacement offered when neither the table nor the server names one: the newest model. */
export const DEFAULT_REPLACEMENT = 'gpt-image-2.6-sunburst';

/**
 * Status for this provider kind on `today` (YYYY-MM-DD). A retirement scoped to other provider kinds
 * does not apply; a deprecation past its shutdown date counts as retired. A server listing the model
 * decides instead of the table: with no shutdown_date it is current there, whatever the table says.
 */
export function effectiveStatus(caps: ModelCapabilities, provider: ProviderKind, today: string, server?: ServerModels): EffectiveStatus {
  const tableReplacement = caps.status.state === 'current' ? undefined : caps.status.replacement;
  const listed = server?.models.find((m) => !!m && m.id === caps.id);
  if (listed) {
    const date = listed.shutdownDate ?? undefined;
    // A cached answer may come from an older version or a file edited by hand: only a real day counts.
    if (!date || !parseIsoDay(date)) return { state: 'current', source: 'server' };
    return dated(caps.id, date, tableReplacement ?? DEFAULT_REPLACEMENT, today, 'server');
  }
  const s = caps.status;
  if (s.state === 'retired' && s.retiredOn.includes(provider)) {
    return {
      state: 'retired',
      replacement: s.replacement,
      shutdown: s.since,
      source: 'table',
      message: t('{model} was retired on {date}; use {replacement} instead.', {
        model: caps.id,
        date: s.since,
        replacement: s.replacement,
      }),
    };
  }
  if (s.state === 'deprecated' && s.deprecatedOn.includes(provider)) return dated(caps.id, s.shutdown, s.replacement, today, 'table');
  return { state: 'current' };
}

function dated(id: string, shutdown: string, replacement: string, today: string, source: 'table' | 'server'): EffectiveStatus {
  const args = { model: id, date: shutdown, replacement };
  const server = source === 'server';
  if (today >= shutdown) {
    const message = server
      ? t('{model} was shut down on {date} (as the server lists it); use {replacement} instead.', args)
      : t('{model} was shut down on {date}; use {replacement} instead.', args);
    return { state: 'retired', replacement, shutdown, source, message };
  }
  const message = server
    ? t('{model} shuts down on {date} (as the server lists it); switch to {replacement}.', args)
    : t('{model} shuts down on {date}; switch to {replacement}.', args);
  return { state: 'deprecated', replacement, shutdown, source, message };
}

/**
 * A stored models answer read back (a cache file, editor state), or undefined when it is not one.
 * Entries that are not a model with a string id are dropped, and a shutdown date that is not a real
 * day is forgotten, so a corrupt cache never breaks a request: it is ignored and asked again.
 */
export function readServerModels(value: unknown): ServerModels | undefined {
  const o = value && typeof value === 'object' ? (value as { fetchedOn?: unknown; models?: unknown }) : undefined;
  if (!o || typeof o.fetchedOn !== 'string' || !parseIsoDay(o.fetchedOn) || !Array.isArray(o.models)) return undefined;
  const models: ServerModel[] = [];
  for (const m of o.models.slice(0, 5000)) {
    const id = (m as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !id || id.length > 200) continue;
    const date = (m as { shutdownDate?: unknown }).shutdownDate;
    models.push({ id, shutdownDate: typeof date === 'string' && parseIsoDay(date) ? date : null });
  }
  return { fetchedOn: o.fetchedOn, models };
}
