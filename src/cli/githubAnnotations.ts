// GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`): printed by
// `assets check --format github`, they mark a failing or stale asset on the pull request's
// manifest line. Values are escaped as the runner expects (actions/toolkit's command.ts).

/** One annotation: where it points and what it says. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  /** Path relative to the repository root (the workspace), with forward slashes. */
  file: string;
  line: number;
  col: number;
  title?: string;
  message: string;
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** The workflow command line for one annotation. */
export function formatAnnotation(a: Annotation): string {
  const props = [
    `file=${escapeProperty(a.file)}`,
    `line=${a.line}`,
    `col=${a.col}`,
    ...(a.title ? [`title=${escapeProperty(a.title)}`] : []),
  ];
  return `::${a.level} ${props.join(',')}::${escapeData(a.message)}`;
}
