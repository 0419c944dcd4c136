// What a door gives the agent tools, and what a tool gives back: the VS Code language-model
// tools (src/host/agent) and the MCP server (src/cli/mcp) each build one AgentContext over their
// own file system, engine adapters and key, and show a ToolPlan and a ToolAnswer their own way.
import type { ImagesClient } from '../client/imagesClient';
import type { EngineAdapters, EngineEvent } from '../engine/engineTypes';
import type { ProviderKind } from '../models/capabilityTypes';
import type { ModelCatalogue } from '../models/modelCatalogue';
import type { PriceTable } from '../pricing';
import type { AgentRoot } from './agentRoot';
import type { AgentToolName } from './toolDefinitions';

/** Everything a tool needs from the door that runs it. */
export interface AgentContext {
  root: AgentRoot;
  /** YYYY-MM-DD: model lifecycles and asset statuses (the door's calendar). */
  today: string;
  providerKind: ProviderKind;
  /** The models the door knows (the table and the user's declarations). */
  models: ModelCatalogue;
  prices: PriceTable;
  /** The model used when the call names none. */
  defaultModel: string;
  /** Where generate and edit write when no path is given, relative to the root. */
  outputFolder: string;
  /** File name template of images placed in a folder (`{slug}-{date}-{index}`). */
  template: string;
  /** Write a provenance sidecar beside each image. */
  sidecar: boolean;
  /** Requests in flight at once. */
  concurrency: number;
  /** The door's engine adapters; `onEvent` hears the job's progress. */
  adapters(onEvent: (event: EngineEvent) => void): EngineAdapters;
  /** The client with the key: called only when something will be sent; throws an AgentToolError when there is no key. */
  connect(): Promise<ImagesClient>;
  /** Removes secrets from text: everything a tool returns goes through it. */
  scrub(text: string): string;
}

/** An estimate of what a call costs, in USD. */
export interface PlannedCost {
  low: number;
  high: number;
  /** The estimate in words ("about $0.25", "$0.011–$0.25"), with why it is uncertain. */
  text: string;
}

/** Progress while a tool runs: a line for people, and counts when the tool knows them. */
export type ToolProgress = (message: string, done?: number, total?: number) => void;

/**
 * A call checked and ready: what it will send, where files will go and what it costs. Making a
 * plan reads files but writes and sends nothing, so a confirmation can show it first.
 */
export interface ToolPlan {
  tool: AgentToolName;
  /** A short line for a progress message ("Generating assets/coin.png…"). */
  title: string;
  /** What goes to the API, for a confirmation; undefined when the call sends nothing. */
  sends?: string;
  /** Where files are written; undefined when nothing is written. */
  writes?: string;
  cost?: PlannedCost;
  /** Runs the call; failures are in the answer (isError), not thrown. */
  run(progress: ToolProgress, signal?: AbortSignal): Promise<ToolAnswer>;
}

/** A written file, as a person reads its path. */
export interface AnswerFile {
  /** Relative to the root. */
  path: string;
  /** As the file system names it (for previews and the door's own use). */
  location: string;
  sidecar?: string;
}

/** A small picture of a written image, for the model to look at. */
export interface ToolPreview {
  path: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** What a call did, for the model: every written path, sidecars, warnings. */
export interface ToolAnswer {
  text: string;
  isError: boolean;
  files: AnswerFile[];
  previews: ToolPreview[];
}
