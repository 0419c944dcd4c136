// How a selected control stands out, read from the rendered styles: the colour of its selection
// indicator (a solid ring where there is one, else its fill), the background around it, and the
// WCAG contrast ratio between the two (non-text contrast, WCAG 1.4.11, asks for 3:1).
import type { Page } from 'playwright-core';

/** The rendered look of one control. */
export interface ControlLook {
  /** The indicator: the inset ring or outline colour when drawn, else the background. */
  indicator: string;
  /** The first opaque background behind the control. */
  surroundings: string;
  /** Background, ring, outline and border together: what must differ between selected and unselected. */
  signature: string;
}

/** Reads the look of the element `selector` matches (its accent colour for a range input's thumb). */
export function lookOf(page: Page, selector: string): Promise<ControlLook> {
  return page.$eval(selector, (el) => {
    const transparent = (c: string) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
    const backgroundBehind = (from: Element | null): string => {
      for (let e = from; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor;
        if (!transparent(bg)) return bg;
      }
      return 'rgb(255, 255, 255)';
    };
    const style = getComputedStyle(el);
    const ring = /^(rgba?\([^)]*\)).*inset/.exec(style.boxShadow)?.[1];
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 ? style.outlineColor : undefined;
    const isRange = el instanceof HTMLInputElement && el.type === 'range';
    const indicator = isRange
      ? style.accentColor
      : ring && !transparent(ring)
        ? ring
        : outline && !transparent(outline)
          ? outline
          : backgroundBehind(el);
    return {
      indicator,
      surroundings: backgroundBehind(el.parentElement),
      signature: [style.backgroundColor, style.boxShadow, outline ?? 'no outline', style.borderColor, style.color].join(' | '),
    };
  });
}

/** The WCAG 2 contrast ratio of two `rgb()`/`rgba()` colours (alpha ignored: both are drawn opaque here). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (css: string): number => {
    const m = /rgba?\(\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(css);
    if (!m) throw new Error(`not an rgb() colour: ${css}`);
    const [r, g, bl] = [m[1], m[2], m[3]].map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
