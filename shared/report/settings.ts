import { z } from 'zod';

/** The report's sections, in the order they print. */
export const REPORT_SECTIONS = ['cover', 'summary', 'segments', 'map', 'transitions', 'method', 'appendix'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** The sections a new report has: all but "Segments over time" (it needs two snapshots compared first). */
export const DEFAULT_REPORT_SECTIONS: ReportSection[] = REPORT_SECTIONS.filter((s) => s !== 'transitions');

export const SECTION_TITLES: Record<ReportSection, string> = {
  cover: 'Cover',
  summary: 'Executive summary',
  segments: 'One page per segment',
  map: 'Segment map',
  transitions: 'Segments over time (the last snapshots compared)',
  method: 'Method',
  appendix: 'Appendix',
};

export const PAPER_SIZES = ['a4', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

/** Largest logo accepted, as a data URL (about 1 MB of image). */
export const MAX_LOGO_CHARACTERS = 1_400_000;

export const reportSectionsSchema = z
  .array(z.enum(REPORT_SECTIONS))
  .max(REPORT_SECTIONS.length)
  .refine((list) => new Set(list).size === list.length, 'a section is listed twice');

/** What the user can set on a model's report; stored per model, with these defaults. */
export const reportSettingsSchema = z
  .object({
    title: z.string().trim().max(200, 'keep the title under 200 characters').default('Customer segments'),
    author: z.string().max(120).default(''),
    organisation: z.string().max(120).default(''),
    /** A PNG or JPEG logo as a data URL (never SVG: an image that can carry script). */
    logo: z
      .string()
      .max(MAX_LOGO_CHARACTERS, 'the logo must be under 1 MB')
      .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/, 'the logo must be a PNG or JPEG image')
      .nullable()
      .default(null),
    brandColour: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb')
      .default('#1f5fbf'),
    paper: z.enum(PAPER_SIZES).default('a4'),
    sections: reportSectionsSchema.default([...DEFAULT_REPORT_SECTIONS]),
  })
  .strict();

export type ReportSettings = z.output<typeof reportSettingsSchema>;

export const defaultReportSettings = (): ReportSettings => reportSettingsSchema.parse({});

/** Overrides a print request may carry (CLI flags, the export dialog), parsed from a URL hash query. */
export interface ReportOverrides {
  paper?: PaperSize;
  sections?: ReportSection[];
}

/** `#report/12?paper=letter&sections=cover,summary` → model 12 with its overrides, or null. */
export function parseReportRoute(hash: string): { modelId: number; overrides: ReportOverrides } | null {
  const match = /^#report\/(\d+)(?:\?(.*))?$/.exec(hash);
  if (!match) return null;
  const modelId = Number(match[1]);
  if (!Number.isSafeInteger(modelId) || modelId < 1) return null;
  const query = new URLSearchParams(match[2] ?? '');
  const overrides: ReportOverrides = {};
  const paper = query.get('paper');
  if (paper === 'a4' || paper === 'letter') overrides.paper = paper;
  const sections = query.get('sections');
  if (sections !== null) {
    const parsed = reportSectionsSchema.safeParse(sections === '' ? [] : sections.split(','));
    if (parsed.success) overrides.sections = parsed.data;
  }
  return { modelId, overrides };
}

export function reportRoute(modelId: number, overrides: ReportOverrides = {}): string {
  const query = new URLSearchParams();
  if (overrides.paper) query.set('paper', overrides.paper);
  if (overrides.sections) query.set('sections', overrides.sections.join(','));
  const text = query.toString();
  return `#report/${modelId}${text ? `?${text}` : ''}`;
}
