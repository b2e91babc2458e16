import { existsSync } from 'node:fs';
import type { Spec } from 'vega';

/**
 * The chart engine: a Vega specification to SVG (Vega's own headless SVG renderer, no canvas,
 * no browser) and SVG to PNG (resvg, a Rust renderer shipped as a prebuilt Node-API addon in
 * the npm package). Both libraries are loaded on the first render, not at start, so a bot that
 * never draws a chart pays nothing for them (the command benchmark's RSS target); after that
 * they stay loaded (about 30 MB).
 *
 * Pure apart from reading one font file: the same input on the same machine gives the same
 * bytes (Vega measures text with a fixed estimate when it has no canvas, and nothing here reads
 * the clock, the locale or a random number).
 */

/**
 * Pixels per SVG unit in the PNG: 2 keeps text sharp on high-density screens, where Slack shows
 * an image at up to its own width in CSS pixels.
 */
export const PNG_SCALE = 2;

/** The family every chart's text asks for; the rest of the list is for machines without it. */
export const CHART_FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, Helvetica, sans-serif';

/**
 * Where operating systems put DejaVu Sans (Debian and Ubuntu's fonts-dejavu-core first, which
 * the Dockerfile installs; then Arch, Fedora and Alpine). resvg draws no text without a font, so
 * on a machine with none of these it falls back to every system font (slower, but the text
 * still shows where any font is installed).
 */
const FONT_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/share/fonts/dejavu',
];
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

/** The DejaVu Sans files found, regular first; empty when this machine has none of them. */
export function chartFontFiles(dirs: readonly string[] = FONT_DIRS): string[] {
  for (const dir of dirs) {
    const files = FONT_FILES.map((f) => `${dir}/${f}`).filter((f) => existsSync(f));
    if (files[0]?.endsWith(FONT_FILES[0]!)) return files;
  }
  return [];
}

interface Engine {
  vega: typeof import('vega');
  Resvg: typeof import('@resvg/resvg-js').Resvg;
  fonts: string[];
}

let engine: Promise<Engine> | undefined;

/** Loads Vega and resvg once, on the first chart (see the module comment). */
function loadEngine(): Promise<Engine> {
  engine ??= Promise.all([import('vega'), import('@resvg/resvg-js')]).then(
    ([vega, resvg]) => ({ vega, Resvg: resvg.Resvg, fonts: chartFontFiles() }),
    (error: unknown) => {
      engine = undefined; // a failed load (a missing native binary) is tried again next time
      throw error;
    },
  );
  return engine;
}

/** A Vega specification drawn as SVG. */
export async function specToSvg(spec: Spec): Promise<string> {
  const { vega } = await loadEngine();
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface RenderedPng {
  png: Buffer;
  /** In pixels (SVG size × PNG_SCALE). */
  width: number;
  height: number;
}

/** SVG drawn as PNG by resvg, on a white background, at PNG_SCALE. */
export async function svgToPng(svg: string): Promise<RenderedPng> {
  const { Resvg, fonts } = await loadEngine();
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: fonts.length
      ? { loadSystemFonts: false, fontFiles: fonts, defaultFontFamily: 'DejaVu Sans' }
      : { loadSystemFonts: true },
  });
  const image = resvg.render();
  // resvg-js 2.6 keeps the tree, the fonts and the pixels in Rust memory that V8 is not told
  // about, so nothing prompts a garbage collection and, in a process that allocates little else,
  // RSS climbs by megabytes a render until one happens (thx/resvg-js#216; fixed upstream in the
  // 2.7 line with napi's adjust_external_memory, not yet released for every platform). An
  // ArrayBuffer of that size, tied to the image, tells V8 the same thing: its zero pages are
  // never touched, so it costs no RSS itself, and the collection that frees it frees the image.
  (image as unknown as { pressure?: ArrayBuffer }).pressure = new ArrayBuffer(
    image.width * image.height * 4 + NATIVE_OVERHEAD_BYTES,
  );
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Rust memory a render holds besides its pixels: the parsed SVG and the fonts (≈ 1.5 MB). */
const NATIVE_OVERHEAD_BYTES = 2 * 1024 * 1024;

/**
 * Slack's limit on an image's alt text (files.getUploadURLExternal answers `alt_txt_too_large`
 * past 1,000 characters: https://docs.slack.dev/reference/methods/files.getUploadURLExternal).
 */
export const ALT_TEXT_MAX = 1000;

/** "1 conversation", "3 conversations", or the bare number without a unit (alt text). */
export function counted(n: number, unit: readonly [string, string] | undefined): string {
  if (!unit) return String(n);
  return `${n} ${n === 1 ? unit[0] : unit[1]}`;
}

/**
 * Alt text from sentences: whole items of `list` while they fit in ALT_TEXT_MAX with the lead
 * and the tail, then "and N more".
 */
export function altText(lead: string, list: readonly string[], tail = ''): string {
  const close = (items: string[], rest: number) =>
    `${lead}${items.join('; ')}${rest > 0 ? `; and ${rest} more` : ''}.${tail ? ` ${tail}` : ''}`;
  const shown: string[] = [];
  for (const [i, item] of list.entries()) {
    if (close([...shown, item], list.length - i - 1).length > ALT_TEXT_MAX) break;
    shown.push(item);
  }
  const text = close(shown, list.length - shown.length);
  return text.length <= ALT_TEXT_MAX ? text : `${text.slice(0, ALT_TEXT_MAX - 1)}…`;
}

/**
 * Text for a picture: no control characters, no bidi overrides or zero-width characters (which
 * could reorder what a label seems to say), white space folded, at most `max` characters.
 */
export function chartLabel(text: string, max: number): string {
  const clean = text
    .replace(/[\p{Cc}\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}
