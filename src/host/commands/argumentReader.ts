// The idioms every command's argument parser shares. Arguments come from keybindings, tasks and
// other extensions: a value of the wrong type reads as absent, never trusted and never thrown on.
import type * as vscode from 'vscode';
import { workspaceUriFromArg } from '../services/workspaceFiles';

/** Typed reads of one argument object. */
export interface ArgumentReader {
  /** A string, or undefined. */
  text(key: string): string | undefined;
  /** A whole number, or undefined. */
  whole(key: string): number | undefined;
  /** A boolean, or undefined. */
  flag(key: string): boolean | undefined;
  /** One of `allowed`, or undefined. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined;
  /**
   * The workspace files under `images` (a list) or `image` (one); undefined when one of them is
   * not a file inside the workspace, so the caller can refuse the whole call.
   */
  images(): vscode.Uri[] | undefined;
}

/** A reader over `o` (already known to be an object). */
export function readArguments(o: Record<string, unknown>): ArgumentReader {
  return {
    text: (key) => (typeof o[key] === 'string' ? o[key] : undefined),
    whole: (key) => {
      const v = o[key];
      return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
    },
    flag: (key) => (typeof o[key] === 'boolean' ? o[key] : undefined),
    oneOf: <T extends string>(key: string, allowed: readonly T[]) => {
      const v = o[key];
      return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
    },
    images: () => {
      const list: unknown[] = Array.isArray(o.images) ? o.images : o.image !== undefined ? [o.image] : [];
      const uris = list.map(workspaceUriFromArg);
      return uris.every((u): u is vscode.Uri => !!u) ? uris : undefined;
    },
  };
}
