// The text half of a web icon set: site.webmanifest (icons with sizes, type and purpose; srcs
// relative to the manifest, so the folder can be served anywhere) and head.html (the <link> and
// <meta> tags to paste into the page's head, under the URL the folder is served at).
import { hexColour, type Rgba } from '../image/raster';

/** What the manifest and the tags say besides the icons. */
export interface WebManifestOptions {
  background: Rgba;
  /** The page's theme colour; the background when absent. */
  themeColor?: Rgba;
  name?: string;
  shortName?: string;
  /** URL path the folder is served at (`/` when absent). */
  href?: string;
  /** Size of the Open Graph image, when the set has one. */
  og?: { width: number; height: number };
}

/** site.webmanifest's text. */
export function webManifest(options: WebManifestOptions): string {
  const body = {
    ...(options.name ? { name: options.name } : {}),
    ...(options.shortName ? { short_name: options.shortName } : {}),
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    theme_color: hexColour(options.themeColor ?? options.background),
    background_color: hexColour(options.background),
    display: 'standalone',
  };
  return JSON.stringify(body, null, 2) + '\n';
}

function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** head.html's text: the tags that point a page at the set. */
export function headTags(options: WebManifestOptions): string {
  const base = (options.href ?? '/').replace(/\/?$/, '/');
  const url = (name: string) => attr(base + name);
  const lines = [
    `<link rel="icon" href="${url('favicon.ico')}" sizes="16x16 32x32 48x48">`,
    `<link rel="icon" type="image/png" sizes="192x192" href="${url('icon-192.png')}">`,
    `<link rel="apple-touch-icon" href="${url('apple-touch-icon.png')}">`,
    `<link rel="manifest" href="${url('site.webmanifest')}">`,
    `<meta name="theme-color" content="${hexColour(options.themeColor ?? options.background)}">`,
  ];
  if (options.og)
    lines.push(
      `<meta property="og:image" content="${url('og.png')}">`,
      `<meta property="og:image:width" content="${options.og.width}">`,
      `<meta property="og:image:height" content="${options.og.height}">`,
    );
  return lines.join('\n') + '\n';
}
