/** What sets each segment apart, in numbers a marketer can read. */
import { columnLabel, type MeaningSource } from './meanings';

export interface TraitInput {
  numericFeatures: string[];
  overallMeans: number[];
  overallStd: number[];
  segments: { cluster: number; size: number; means: number[] }[];
  /** The columns' meanings and friendly labels (a model's recipe); without it, suggested from the names. */
  recipe?: MeaningSource | null;
}

export interface Trait {
  feature: string;
  /** The column's friendly label ("Small children at home"). */
  label: string;
  /** (segment mean − overall mean) / overall standard deviation. */
  z: number;
  segmentMean: number;
  overallMean: number;
  /** Share of the feature's variance explained by the segments (η², as a one-way ANOVA). */
  etaSquared: number;
  /** e.g. "income 1.4 standard deviations above average (mean 82,000 vs 51,000)". */
  text: string;
}

/**
 * A mean for people: 2 decimals at most (fewer for large values), thousands grouped from 10,000 up
 * (so a birth year reads 1975, not 1,975), never "-0".
 */
export const number = (v: number): string => {
  const digits = Math.abs(v) >= 1000 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  const text = v.toLocaleString('en', { maximumFractionDigits: digits, useGrouping: Math.abs(v) >= 10_000 });
  return /^-0$/.test(text) ? '0' : text;
};

/** A segment's mean of each feature in standard deviations from the overall mean (0 for a constant feature). */
export function featureZScores(
  input: Pick<TraitInput, 'overallMeans' | 'overallStd'>,
  means: readonly number[],
): number[] {
  return means.map((v, j) => (input.overallStd[j] > 0 ? (v - input.overallMeans[j]) / input.overallStd[j] : 0));
}

/**
 * η² of each feature: between-segment sum of squares / total sum of squares, computed from the
 * segment means and sizes (total = n·σ²). Descriptive only: the segments were made to differ.
 */
export function etaSquared(input: TraitInput): number[] {
  const n = input.segments.reduce((s, g) => s + g.size, 0);
  return input.numericFeatures.map((_, j) => {
    const total = n * input.overallStd[j] ** 2;
    if (total === 0) return 0;
    const between = input.segments.reduce((s, g) => s + g.size * (g.means[j] - input.overallMeans[j]) ** 2, 0);
    return Math.min(1, between / total);
  });
}

/** A label inside a sentence: "Small children at home" → "small children at home"; "Annual Income (k$)" kept. */
export function inSentence(label: string): string {
  return /^[A-Z][^A-Z]*$/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** The traits of one segment, strongest first (by |z|, ties by η²). */
export function segmentTraits(input: TraitInput, cluster: number, limit = 5): Trait[] {
  const segment = input.segments.find((s) => s.cluster === cluster);
  if (!segment) return [];
  const eta = etaSquared(input);
  const zs = featureZScores(input, segment.means);
  return input.numericFeatures
    .map((feature, j): Trait => {
      const z = zs[j];
      const direction = z >= 0 ? 'above' : 'below';
      const label = columnLabel(input.recipe, feature);
      return {
        feature,
        label,
        z,
        segmentMean: segment.means[j],
        overallMean: input.overallMeans[j],
        etaSquared: eta[j],
        text: `${label} ${Math.abs(z).toFixed(1)} standard deviations ${direction} average (mean ${number(segment.means[j])} vs ${number(input.overallMeans[j])})`,
      };
    })
    .filter((t) => Math.abs(t.z) >= 0.2)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || b.etaSquared - a.etaSquared)
    .slice(0, limit);
}
