// Help texts and the usage error (exit code 2).

/** Invalid usage or input: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const CONNECTION = `Connection:
  --provider <openai|azure|compatible>  where requests go (default openai)
  --base-url <url>          API base URL ending in /v1 (or OPENAI_BASE_URL)
  --organization <id>       OpenAI-Organization header
  --project <id>            OpenAI-Project header
  --azure-endpoint <url>    Azure resource endpoint (classic deployment URLs)
  --azure-deployment <name> Azure deployment name
  --azure-api-version <v>   Azure api-version (default 2025-04-01-preview)
  --endpoints <list>        compatible server's endpoints, e.g. generations,edits (batch: it has a Batch API)
  --timeout <seconds>       per request (default 600)
  --max-retries <n>         retries for 408, 429, 500, 503 and refused connections (default 2)
  --no-model-list           do not ask GET /v1/models for shutdown dates (else asked once a day, cached)
The key is read from OPENAI_API_KEY (AZURE_OPENAI_API_KEY for Azure), never from a flag.`;

const OUTPUT = `Output:
  --out <dir>               folder for the images (required)
  --name <template>         file name template: {slug} {date} {index} {model} (default {slug}-{date}-{index})
  --no-sidecar              do not write <image>.json provenance files
  --concurrency <n>         parallel requests when n is split (default 4)
  --json                    print a machine-readable result
  -h, --help                this help`;

const MODELS = `Models:
  --models <file>           JSON model declarations (same shape as the imageStudio.models setting;
                            or IMAGE_STUDIO_MODELS); a model declared there works like a table row
  --use-replacement         when the model is shut down, use its replacement instead of stopping
  --today <YYYY-MM-DD>      the date for shutdown checks (default: today, UTC)`;

const IMAGE_OPTIONS = `  --model <id>              model id (default gpt-image-2)
  --size <WxH|auto>         image size
  --n <N>                   number of images (split into several requests when needed)
  --quality <q>             low, medium, high, auto (GPT); standard, hd (dall-e-3)
  --style <s>               vivid or natural (dall-e-3)
  --background <b>          transparent, opaque or auto
  --transparency-fallback   if the model refuses a transparent background, generate on a flat
                            #00ff00 background and remove it locally (recorded in the sidecar)
  --format <f>              png, jpeg, webp; gif, svg (2.6 models; svg generations only, n = 1)
  --complexity <c>          low, medium, high (2.6 models; default high)
  --frames <2-16>           GIF frames (default 9), all on one sheet of at most 3840 px
  --frame-ms <ms>           GIF milliseconds per frame (default 200)
  --safety-identifier <id>  hashed end-user id (2.6 models; they take it instead of user)
  --compression <0-100>     jpeg/webp compression
  --moderation <low|auto>   moderation level (generations; edits as JSON on OpenAI)
  --response-format <url|b64_json>  dall-e models and compatible servers
  --stream                  stream partial images (GPT image models)
  --partial-images <0-3>    partial images when streaming`;

/** Help text of each subcommand, and of the tool. */
export const HELP: Record<'main' | 'generate' | 'edit' | 'variation' | 'assets' | 'mcp', string> = {
  main: `Usage: image-studio <generate|edit|variation|assets|mcp> [options]

Generate, edit and vary images with the OpenAI Images API, Azure OpenAI or a compatible server.
Run \`image-studio <command> --help\` for the options of a command.
Exit codes: 0 success, 1 API or network failure, 2 invalid usage or input.`,
  generate: `Usage: image-studio generate --prompt <text> --out <dir> [options]

${IMAGE_OPTIONS}

${OUTPUT}

${MODELS}

${CONNECTION}`,
  edit: `Usage: image-studio edit --image <file|-> [--image <file> …] [--mask <file> | --markup <file>] --prompt <text> --out <dir> [options]

  --image <file|->          input image (repeat for several; - reads stdin)
  --mask <file>             PNG mask: transparent where the image should change; the pixels it
                            keeps are laid back from the input (the model's result is saved
                            beside as NAME.raw.png)
  --markup <file>           markup edit (2.6 models): a transparent PNG holding only notes drawn
                            on the first image (circles, arrows, short text), at its exact size;
                            not together with --mask
  --no-protect              keep the model's pixels outside the mask as it made them
  --input-fidelity <high|low>
${IMAGE_OPTIONS}

${OUTPUT}

${MODELS}

${CONNECTION}`,
  variation: `Usage: image-studio variation --image <file|-> --out <dir> [options]

  --image <file|->          the image to vary (- reads stdin)
  --model <id>              model id (default dall-e-2; where it is retired its replacement is used)
  --n <N>                   number of variations
  --size <WxH>              size
  --prompt <text>           instruction used when the variation is made with /images/edits
  --response-format <url|b64_json>

${OUTPUT}

${MODELS}

${CONNECTION}`,
  assets: `Usage: image-studio assets <status|build|check|accept|pick|batch|sheet> [options]

Builds the images a project declares in image-studio.json (in the current folder, or --manifest).
  status [--json]           each asset's state: up to date, stale, missing, changed by hand, invalid
  build [PATH…]             make missing and stale assets (only PATHs when given)
    --force                 also replace up-to-date and hand-changed files (kept in .image-studio/history/)
    --dry-run               show what would be built and its estimated cost (price table); send nothing
    --max-cost USD          refuse the build (exit 2, nothing sent) when it could cost more than USD
    --concurrency N         requests in flight at once across the build (default 4); an asset starts
                            as soon as the assets it takes as inputs are built
    --transparency-fallback when a model refuses a transparent background, generate on #00ff00 and
                            key it out locally (as "transparencyFallback": true on every asset)
    --batch                 submit them as OpenAI Batch API runs (half the price, results within 24 h)
                            and return at once; prints each batch id (one batch per endpoint). Assets
                            whose model the Batch API does not accept (the 2.6 models; "batch" in
                            the model table) or markup edits are named and built interactively
    --batch-only            with --batch: leave those unbuilt instead
  pick PATH [CANDIDATE]     list the candidates an asset with "n" kept, or put CANDIDATE (a listed file)
                            at PATH; the version it replaces is kept in .image-studio/history/
  batch status [ID]         the state and request counts of each recorded batch (.image-studio/batches/)
  batch collect [ID]        save what finished batches made; failed lines are reported and stay stale;
                            collecting again saves nothing twice
  batch cancel [ID]         cancel a running batch (what it finished can still be collected)
  check                     exit 1 if any asset is missing, stale, cannot be built or fails its "checks";
                            sends nothing, needs no key (for CI); --json lists each failed check as
                            { path, code, actual, limit }
    --format github         print GitHub workflow annotations on the manifest's lines instead
  accept PATH…              make the files as they are up to date for the current spec (no request);
                            a file changed by hand needs --force
  sheet --out FILE.png      a contact sheet: each asset's picture, path and state in one PNG (for a review)
    --changed-since REF     only the assets whose files changed since REF (git diff --name-only REF)
    --columns N             cells per row (default 5)
  --manifest <file>         the manifest (default ./image-studio.json)
  --models <file>           JSON model declarations (or IMAGE_STUDIO_MODELS), as for generate
  --json                    print a machine-readable result

${CONNECTION}`,
  mcp: `Usage: image-studio mcp [--root DIR] [options]

Serves Image Studio's agent tools (image_studio_generate, image_studio_edit, image_studio_assets)
to an MCP client over stdio. Every path is relative to the root; anything outside it is refused.
  --root <dir>              the folder the tools work in (default: the current folder)
  --max-cost <usd>          a call estimated above this asks the client to confirm (elicitation), or is
                            refused (default: the price table's high-quality image, $0.25)
  --out <dir>               where images go when a call names no path, relative to the root (default images)
  --name <template>         file name template in a folder (default {slug}-{date}-{index})
  --model <id>              the model when a call names none (default gpt-image-2)
  --no-sidecar              do not write <image>.json provenance files
  --concurrency <n>         parallel requests (default 4)

${MODELS}

${CONNECTION}`,
};
