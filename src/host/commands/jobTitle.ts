// How a command's job is named where the user watches it (the progress notification, the
// Studio): by its prompt, so two jobs running side by side are told apart. Pure, unit-tested.
import { t } from '../../core/l10n';

/** The prompt cut to `max` characters at a word boundary, on one line. */
export function promptExcerpt(prompt: string, max = 40): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The title of a job's progress: `Image Studio: “a lighthouse on a cliff…”`. */
export function jobTitle(prompt: string): string {
  const excerpt = promptExcerpt(prompt);
  return excerpt ? t('Image Studio: “{prompt}”', { prompt: excerpt }) : t('Image Studio');
}
