import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/services/store/database';
import { insertDataset } from '../../../electron/services/store/staging';
import { readFeatures } from '../../../electron/services/store/datasetRows';
import { deleteModel, getModel, insertModel, updateSegment } from '../../../electron/services/store/models';
import { getReportSettings, saveReportSettings } from '../../../electron/services/store/reports';
import { readTable } from '../../../electron/worker/import/pipeline';
import { buildRecipe } from '../../../shared/import/recipe';
import { chromiumCandidates, findChromium } from '../../../electron/services/report/chromium';
import { trainSegments } from '../../../shared/ml/train';
import { parseRichText } from '../../../shared/report/richText';
import {
  defaultReportSettings,
  parseReportRoute,
  reportRoute,
  reportSettingsSchema,
} from '../../../shared/report/settings';
import {
  dataQualityNotes,
  methodSentences,
  reportHighlights,
  separationWords,
  strategyHeadline,
} from '../../../shared/report/summary';
import { describeTraits } from '../../../shared/segments/naming';
import { boxStats, quantileSorted } from '../../../shared/segments/distribution';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function trainedStore() {
  const dir = mkdtempSync(join(tmpdir(), 'segment-report-unit-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'store.db'));
  const rows = ['id,spend,visits,plan'];
  for (let i = 0; i < 60; i++) {
    const group = i % 3;
    rows.push(`${i + 1},${group * 100 + (i % 7)},${group * 5 + (i % 3)},${group === 2 ? 'gold' : 'basic'}`);
  }
  rows.push('61,,3,basic');
  const table = await readTable('groups.csv', { text: rows.join('\n') });
  const dataset = insertDataset(db, table, { name: 'Groups', fileName: 'groups.csv' });
  const features = ['spend', 'visits', 'plan'];
  const raw = readFeatures(db, dataset.id, features);
  const output = trainSegments({ raw, options: { scaling: 'standard' }, k: 3, seed: 0, nInit: 4 });
  const model = insertModel(db, { datasetId: dataset.id, name: 'Three', features, seed: 0, nInit: 4, output });
  return { db, dataset, model };
}

describe('report settings', () => {
  it('defaults, saves per model, validates, and goes with the model', async () => {
    const { db, model } = await trainedStore();
    expect(getReportSettings(db, model.id)).toEqual(defaultReportSettings());
    expect(defaultReportSettings()).toMatchObject({ paper: 'a4', brandColour: '#1f5fbf', logo: null });
    const saved = saveReportSettings(db, model.id, {
      ...defaultReportSettings(),
      author: 'Ann <b>Lee</b>',
      paper: 'letter',
      sections: ['cover', 'segments'],
      logo: 'data:image/png;base64,iVBORw0KGgo=',
    });
    expect(getReportSettings(db, model.id)).toEqual(saved);
    expect(() => getReportSettings(db, 999)).toThrow(/no model 999/);
    deleteModel(db, model.id);
    expect(db.prepare('SELECT count(*) AS n FROM report_settings').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses SVG or script logos, bad colours, unknown and repeated sections', async () => {
    const base = defaultReportSettings();
    const bad = [
      { ...base, logo: 'data:image/svg+xml;base64,PHN2Zz4=' },
      { ...base, logo: 'javascript:alert(1)' },
      { ...base, brandColour: 'red' },
      { ...base, sections: ['cover', 'cover'] },
      { ...base, sections: ['gossip'] },
      { ...base, extra: 1 },
    ];
    for (const settings of bad) expect(reportSettingsSchema.safeParse(settings).success).toBe(false);
  });

  it('reads print overrides from the route and writes them back', async () => {
    expect(parseReportRoute('#report/12')).toEqual({ modelId: 12, overrides: {} });
    const route = reportRoute(7, { paper: 'letter', sections: ['cover', 'map'] });
    expect(parseReportRoute(route)).toEqual({ modelId: 7, overrides: { paper: 'letter', sections: ['cover', 'map'] } });
    expect(parseReportRoute('#report/7?sections=cover,evil&paper=a0')).toEqual({ modelId: 7, overrides: {} });
    expect(parseReportRoute('#report/0')).toBeNull();
    expect(parseReportRoute('#present/3')).toBeNull();
  });
});

describe('segment descriptions', () => {
  it('are suggested from the traits, editable, and stored', async () => {
    const { db, model } = await trainedStore();
    for (const s of model.segments) expect(s.description).toMatch(/^Customers with |^Close to the average/);
    updateSegment(db, model.id, 0, { description: 'Loyal **regulars**.\n- visit weekly' });
    expect(getModel(db, model.id).segments[0].description).toBe('Loyal **regulars**.\n- visit weekly');
    expect(getModel(db, model.id).segments[0].name).toBe(model.segments[0].name);
    db.close();
  });

  it('read as plain words', async () => {
    expect(describeTraits([])).toBe('Close to the average customer on every feature.');
    expect(
      describeTraits([
        { feature: 'Income', z: 2.1 },
        { feature: 'Age', z: -1.2 },
        { feature: 'Visits', z: 0.5 },
        { feature: 'Ignored', z: 0.4 },
      ]),
    ).toBe('Customers with income far above average, age well below average and visits above average.');
  });
});

describe('report wording', () => {
  it('three highlights: sizes, the most distinctive segment, separation', async () => {
    const { db, model } = await trainedStore();
    const sentences = reportHighlights(model);
    expect(sentences).toHaveLength(3);
    const largest = [...model.segments].sort((a, b) => b.size - a.size)[0];
    // Names from the user are direction-isolated (first-strong isolate … pop directional isolate).
    expect(sentences[0]).toContain(`“\u2068${largest.name}\u2069”, holds ${Math.round(largest.share * 100)}%`);
    expect(sentences[1]).toMatch(/stands out most: \u2068\w+\u2069 is \d\.\d standard deviations (above|below)/);
    expect(sentences[2]).toContain(`silhouette ${model.silhouette.toFixed(2)}`);
    expect(sentences[2]).toContain(separationWords(model.silhouette));
    db.close();
  });

  it('method and data quality say what was done, including blanks filled', async () => {
    const { db, model, dataset } = await trainedStore();
    const method = methodSentences(model, null).join(' ');
    expect(method).toContain(
      '61 customers were described by 3 features: \u2068Spend\u2069, \u2068Visits\u2069, \u2068Plan\u2069.',
    );
    expect(method).toContain('standardised');
    expect(method).toContain('Categories (\u2068Plan\u2069)');
    expect(method).toContain('best of 4, seed 0');
    expect(method).toContain('No k sweep is stored');
    const notes = dataQualityNotes(model, dataset);
    expect(notes[0]).toBe('Dataset “\u2068Groups\u2069” (file \u2068groups.csv\u2069): 61 rows and 4 columns.');
    expect(notes.join(' ')).toContain('\u2068spend\u2069: 1 blank value filled with the mean');
    db.close();
  });

  it('data quality lists every recipe step with its counts, and never says nothing was missing after filling', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segment-report-recipe-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'store.db'));
    const rows = ['id,income,plan'];
    for (let i = 0; i < 200; i++)
      rows.push(
        `${i + 1},${i % 10 === 0 ? '' : i === 5 ? 999999 : 20000 + (i % 80) * 100},${i === 3 ? 'rare' : i % 2 ? 'a' : 'b'}`,
      );
    const options = {
      clean: { income: { missing: 'median' as const, capOutliers: true }, plan: { mergeRare: true } },
    };
    const table = await readTable('people.csv', { text: rows.join('\n') }, options);
    const recipe = buildRecipe('people.csv', options, table);
    const dataset = insertDataset(db, table, { name: 'People', fileName: 'people.csv', recipe });
    const features = ['income', 'plan'];
    const output = trainSegments({
      raw: readFeatures(db, dataset.id, features),
      options: { scaling: 'standard' },
      k: 2,
      seed: 0,
      nInit: 2,
    });
    const model = insertModel(db, { datasetId: dataset.id, name: 'Two', features, seed: 0, nInit: 2, output });
    expect(model.recipe).toEqual(recipe);
    const notes = dataQualityNotes(model, dataset);
    // The median of the file's incomes, blanks left out (as pandas' median).
    const incomes = table.columns[1].original as Float64Array;
    const sorted = Array.from(incomes.filter((v) => !Number.isNaN(v))).sort((a, b) => a - b);
    const median = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    expect(notes).toContain(
      `From the file: “\u2068income\u2069”: 20 blanks filled with the median, ${median.toLocaleString('en')}.`,
    );
    expect(notes.some((n) => /“\u2068income\u2069”: 0 values below .* and 1 value above .* capped/.test(n))).toBe(true);
    expect(notes).toContain(
      'From the file: “\u2068plan\u2069”: 1 category under 1% of customers merged into "Other" (1 customer).',
    );
    expect(notes).not.toContain('No values were missing in the features used.');
    db.close();
  });

  it('separation words follow the silhouette thresholds', async () => {
    expect(separationWords(0.7)).toBe('clearly separated');
    expect(separationWords(0.3)).toBe('reasonably well separated');
    expect(separationWords(0.15)).toBe('only weakly separated');
    expect(separationWords(0.01)).toBe('not really separated');
  });

  it('a strategy headline is its first sentence, without list marks or emphasis', async () => {
    expect(strategyHeadline('Win-back: reach out. Then survey.')).toBe('Win-back: reach out.');
    expect(strategyHeadline('\n- **VIP** tier for them\n- more')).toBe('VIP tier for them');
    expect(strategyHeadline('x'.repeat(300), 20)).toBe(`${'x'.repeat(19)}…`);
    expect(strategyHeadline('')).toBe('');
    // Shortened at a clause or a word, never inside a word.
    const promotions =
      'Targeted promotions: They respond to price: bundle offers and promotions on their favourite categories, timed to paydays; measure margin, not only volume.';
    expect(strategyHeadline(promotions, 120)).toBe(
      'Targeted promotions: They respond to price: bundle offers and promotions on their favourite categories…',
    );
    for (let max = 20; max < promotions.length; max += 7) {
      const headline = strategyHeadline(promotions, max);
      expect(headline.length).toBeLessThanOrEqual(max);
      const kept = headline.slice(0, -1);
      expect(promotions.startsWith(kept)).toBe(true);
      expect(/[\s,;:]/.test(promotions.charAt(kept.length))).toBe(true);
    }
  });
});

describe('rich text', () => {
  it('parses paragraphs, bullet lists and bold, and keeps markup as text', async () => {
    expect(parseRichText('First **bold** line\nsecond\n\n- one\n* two <b>x</b>\n\nEnd')).toEqual([
      {
        kind: 'paragraph',
        lines: [
          [
            { text: 'First ', bold: false },
            { text: 'bold', bold: true },
            { text: ' line', bold: false },
          ],
          [{ text: 'second', bold: false }],
        ],
      },
      { kind: 'list', items: [[{ text: 'one', bold: false }], [{ text: 'two <b>x</b>', bold: false }]] },
      { kind: 'paragraph', lines: [[{ text: 'End', bold: false }]] },
    ]);
    expect(parseRichText('')).toEqual([]);
  });
});

describe('finding a browser to print with', () => {
  it('looks where each platform keeps Chromium, Chrome and Edge, the environment variable first', async () => {
    expect(chromiumCandidates({ SEGMENT_STUDIO_CHROMIUM: '/opt/c' }, 'linux')[0]).toBe('/opt/c');
    expect(chromiumCandidates({}, 'linux')).toContain('/usr/bin/chromium');
    expect(chromiumCandidates({}, 'darwin')).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    const windows = chromiumCandidates({ PROGRAMFILES: 'C:\\Program Files' }, 'win32');
    expect(windows.some((p) => p.endsWith('msedge.exe'))).toBe(true);
  });

  it('fails with a clear message when there is none', async () => {
    expect(() => findChromium(undefined, () => false)).toThrow(/needs Chromium, Google Chrome or Microsoft Edge/);
    expect(() => findChromium('/x/chrome', () => false)).toThrow('There is no browser at /x/chrome.');
    expect(findChromium('/x/chrome', () => true)).toBe('/x/chrome');
  });
});

describe('box-plot numbers', () => {
  it('quartiles as numpy computes them, Tukey whiskers, blanks and other segments left out', async () => {
    // numpy.percentile([1, 2, 3, 4, 5, 6, 7, 8, 100], [25, 50, 75]) == [3, 5, 7]
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 100, Number.NaN, 50, 60]);
    const labels = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1]);
    const [first, second] = boxStats(values, labels, 2);
    expect(first).toMatchObject({ count: 9, missing: 1, q1: 3, median: 5, q3: 7, min: 1, max: 100 });
    expect(first.lowerFence).toBe(1);
    expect(first.upperFence).toBe(8);
    expect(first.outliers).toBe(1);
    expect(first.mean).toBeCloseTo(136 / 9, 12);
    expect(second).toMatchObject({ count: 1, q1: 50, median: 50, q3: 50, lowerFence: 50, upperFence: 50 });
    expect(quantileSorted([0, 10], 0.25)).toBe(2.5);
    expect(Number.isNaN(boxStats(new Float64Array(0), new Int32Array(0), 1)[0].median)).toBe(true);
  });
});
