// The three agent tools as data: their names, what the model is told about them and the JSON
// Schema of their input. Both doors read this one definition: VS Code's language-model tools
// (package.json's contributes.languageModelTools holds a copy, which a unit test keeps equal) and
// the MCP server (`image-studio mcp`). The descriptions are sent to the model, so they stay English.

/** The subset of JSON Schema the tools' inputs use (validated by toolInput.ts). */
export interface ToolSchema {
  type: 'object' | 'string' | 'integer' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, ToolSchema>;
  required?: string[];
  additionalProperties?: boolean | ToolSchema;
  items?: ToolSchema;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
}

/** One tool: its name (the same in both doors), its description for the model and its input schema. */
export interface AgentToolDefinition {
  name: AgentToolName;
  /** A short title for people (MCP's `title`; the VS Code displayName is localized in package.nls.json). */
  title: string;
  description: string;
  inputSchema: ToolSchema;
}

/** The tools' names: valid as VS Code tool ids (`[\w-]+`, no copilot_/vscode_ prefix) and as MCP tool names. */
export const AGENT_TOOL_NAMES = ['image_studio_generate', 'image_studio_edit', 'image_studio_assets'] as const;

/** A tool's name. */
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

/** Longest prompt the tools take (the longest any model takes, 32,000 characters). */
export const MAX_PROMPT_LENGTH = 32_000;
/** Most images one generate or edit call may ask for. */
export const MAX_AGENT_N = 10;
/** Most input images of an edit (the GPT image models' limit). */
export const MAX_EDIT_IMAGES = 16;

const workspacePath = (what: string): ToolSchema => ({ type: 'string', minLength: 1, maxLength: 1024, description: what });

const imageOptions: Record<string, ToolSchema> = {
  model: {
    type: 'string',
    maxLength: 200,
    description: "Model id (default: the user's default model, gpt-image-2 unless they chose another).",
  },
  size: {
    type: 'string',
    maxLength: 20,
    description:
      'WIDTHxHEIGHT the model makes, or auto. GPT image models: 1024x1024, 1536x1024, 1024x1536; gpt-image-2 and later: any multiples of 16 from 655,360 pixels, aspect 1:3 to 3:1. For a smaller exact size (a 64x64 sprite, a 16x16 icon) use image_studio_assets with "resize".',
  },
  quality: { type: 'string', maxLength: 20, description: 'low, medium, high or auto (GPT image models); higher costs more.' },
  background: {
    type: 'string',
    enum: ['auto', 'transparent', 'opaque'],
    description: 'transparent for sprites and icons (needs format png or webp).',
  },
  format: {
    type: 'string',
    enum: ['png', 'jpeg', 'webp', 'gif', 'svg'],
    description: "Output format; a file path's extension sets it when omitted (gif and svg: 2.6 models only).",
  },
  n: { type: 'integer', minimum: 1, maximum: MAX_AGENT_N, description: 'How many images (default 1); each one is billed.' },
};

const transparencyFallback: ToolSchema = {
  type: 'boolean',
  description:
    'When the model refuses a transparent background, generate on a flat #00ff00 background and make it transparent locally (recorded in the sidecar). Default true.',
};

/** image_studio_generate: a new image from a prompt, saved in the workspace. */
export const GENERATE_TOOL: AgentToolDefinition = {
  name: 'image_studio_generate',
  title: 'Generate image',
  description:
    'Generates images with the OpenAI Images API (the user\'s own key, model and provider, through Image Studio) and saves them in the workspace, each with a provenance sidecar (<image>.json: prompt, model, options, request ids). `path` is a file (assets/hero.png: its extension sets the format) or a folder (images/: names come from the prompt); an existing file is never overwritten: a numbered name (hero-2.png) is taken instead. Returns every written path, its sidecar and any warning, with a small preview to look at. Models make only certain sizes; for an exact size they cannot make (a 64x64 sprite, an icon set) or an image the project should rebuild and check in CI, use image_studio_assets: add an entry with "resize", then build it. Costs money on the user\'s account: the estimate is shown to the user before it runs.',
  inputSchema: {
    type: 'object',
    properties: {
      prompt: { type: 'string', minLength: 1, maxLength: MAX_PROMPT_LENGTH, description: 'What the image shows, in detail.' },
      path: workspacePath(
        'Where to save, relative to the workspace folder: a file (assets/coin.png) or a folder (art/). Default: the output folder (images/).',
      ),
      ...imageOptions,
      transparencyFallback,
    },
    required: ['prompt'],
    additionalProperties: false,
  },
};

/** image_studio_edit: a new image from workspace images, a mask (or markup) and a prompt. */
export const EDIT_TOOL: AgentToolDefinition = {
  name: 'image_studio_edit',
  title: 'Edit image',
  description:
    "Edits workspace images with the OpenAI Images API and saves the result in the workspace with a provenance sidecar. `images` are workspace paths (PNG, JPEG or WebP): the first is the one edited, the others are references. `mask` is a PNG of the first image's size whose transparent pixels mark where to change; the pixels it keeps are laid back from the original so they stay identical, and the model's own result is kept beside as NAME.raw.png. Without a mask the model may change the whole image. `markup` instead of a mask: a transparent PNG of the first image's size holding only notes drawn over it (circles, arrows, labels) that show what to change, sent as its own part to a model that takes markup edits (the 2.6 models, e.g. model \"gpt-image-2.6-flare\"; others refuse it before anything is sent). An input is never replaced: the result goes to `path` (a file or folder; a taken name gets a numbered variant). Returns every written path, its sidecar and warnings, with a small preview. Costs money: the estimate is shown to the user before it runs.",
  inputSchema: {
    type: 'object',
    properties: {
      images: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_EDIT_IMAGES,
        items: workspacePath('A workspace image.'),
        description: 'Workspace paths of the images: the first is edited, the others are references.',
      },
      mask: workspacePath('A PNG the size of the first image: transparent where the image should change.'),
      markup: workspacePath(
        'A transparent PNG the size of the first image holding only annotations (2.6 models); not combinable with mask.',
      ),
      prompt: { type: 'string', minLength: 1, maxLength: MAX_PROMPT_LENGTH, description: 'The whole new image, described.' },
      path: workspacePath('Where to save the result, relative to the workspace folder: a file or a folder. Default: the output folder.'),
      ...imageOptions,
      transparencyFallback,
    },
    required: ['images', 'prompt'],
    additionalProperties: false,
  },
};

const exactSize = (what: string): ToolSchema => ({ type: 'string', maxLength: 20, description: what });

/** image_studio_assets: the project's image manifest (status, check, add, build). */
export const ASSETS_TOOL: AgentToolDefinition = {
  name: 'image_studio_assets',
  title: 'Image assets',
  description:
    'Works with the project\'s image manifest (image-studio.json: output path → prompt and options), which makes images reproducible, reviewable and checkable in CI. action "status": each asset\'s state (up to date, missing, stale, changed by hand, invalid), and that of each sheet, atlas, icon set and typed module the manifest declares (built by `image-studio assets build`, not by this tool); sends nothing. "check": the same as a pass/fail verdict with the manifest\'s problems; sends nothing. "add": declares an asset in the nearest image-studio.json (created at the workspace root when there is none), keeping its comments; give `path` and `prompt` and any of model, size, quality, background, resize (the exact WIDTHxHEIGHT after generation, e.g. "64x64" for a sprite), fit, sizes, n, inputs, mask or markup, style, transparencyFallback; sends nothing: build it next. "build": generates the missing and stale assets (or only `paths`), resized to their exact size, each with its sidecar; a replaced file is kept in .image-studio/history/, and a file changed by hand is left alone unless `force`. Build costs money: the estimate is shown to the user before it runs. Paths are relative to the workspace folder.',
  inputSchema: {
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['status', 'check', 'add', 'build'], description: 'What to do.' },
      manifest: workspacePath(
        'The manifest (image-studio.json) to use. Default: for add and build, the nearest one above the first path; otherwise the one at the workspace root.',
      ),
      paths: {
        type: 'array',
        maxItems: 100,
        items: workspacePath('An asset path.'),
        description: 'build: the assets to build (default: every missing or stale one).',
      },
      force: {
        type: 'boolean',
        description: 'build: also rebuild up-to-date and hand-changed files (the old ones are kept in the history).',
      },
      path: workspacePath("add: the asset's output path (.png, .jpg or .webp), relative to the workspace folder."),
      prompt: { type: 'string', minLength: 1, maxLength: MAX_PROMPT_LENGTH, description: 'add: what the asset shows.' },
      model: imageOptions.model!,
      size: { ...imageOptions.size!, description: 'add: the size generated (before resize), as the model makes it.' },
      quality: imageOptions.quality!,
      background: imageOptions.background!,
      resize: exactSize('add: the exact WIDTHxHEIGHT the asset is resized to after generation (e.g. 64x64).'),
      fit: { type: 'string', enum: ['cover', 'contain', 'fill'], description: 'add: how the image fits the resize box (default cover).' },
      sizes: {
        type: 'object',
        additionalProperties: { type: 'string', maxLength: 20 },
        description: 'add: more outputs of the same image, output path → WIDTHxHEIGHT (an icon set).',
      },
      n: {
        type: 'integer',
        minimum: 1,
        maximum: MAX_AGENT_N,
        description: 'add: candidates to choose from (the first is saved at the path).',
      },
      inputs: {
        type: 'array',
        maxItems: MAX_EDIT_IMAGES,
        items: workspacePath('An input image.'),
        description: 'add: reference images (workspace paths): the asset is made as an edit of them.',
      },
      mask: workspacePath('add: a PNG mask for the first input.'),
      markup: workspacePath(
        "add: notes drawn on a transparent PNG of the first input's size, instead of a mask (models with markup edits).",
      ),
      style: { type: 'string', maxLength: 200, description: 'add: a named style of the manifest\'s "styles".' },
      transparencyFallback,
      replace: { type: 'boolean', description: 'add: replace the entry when the path is already declared.' },
    },
    required: ['action'],
    additionalProperties: false,
  },
};

/** The three tools, in the order they are listed. */
export const AGENT_TOOLS: readonly AgentToolDefinition[] = [GENERATE_TOOL, EDIT_TOOL, ASSETS_TOOL];

/** The definition of a tool by name. */
export function toolDefinition(name: string): AgentToolDefinition | undefined {
  return AGENT_TOOLS.find((tool) => tool.name === name);
}
