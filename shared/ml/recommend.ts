import type { SweepPoint } from './sweep';

export interface Recommendation {
  k: number;
  /** One plain sentence on why. */
  reason: string;
  /** Where the elbow curve bends most (Kneedle), or null with fewer than 3 points. */
  knee: number | null;
  /** True when every silhouette is below 0.25: no clear structure. */
  noStructure: boolean;
  warning: string | null;
  /**
   * The recommendation as advice, in plain words (how clearly the groups separate, whether they
   * hold when the data is resampled), and where the measures point elsewhere.
   */
  advice: string;
}

/** How clearly segments separate, in words, from the silhouette. */
export function separationWords(silhouette: number): string {
  if (silhouette >= 0.5) return 'clearly separated';
  if (silhouette >= STRUCTURE_THRESHOLD) return 'reasonably well separated';
  if (silhouette >= 0.1) return 'only weakly separated';
  return 'not really separated';
}

/** How well segments hold when refitted on resampled data, in words. */
export function stabilityWords(sameSegmentShare: number): string {
  if (sameSegmentShare >= 0.9) return 'stay the same when the data is resampled';
  if (sameSegmentShare >= 0.75) return 'mostly stay the same when the data is resampled';
  return 'change noticeably when the data is resampled';
}

/**
 * A warning for a chosen k whose segments are weakly separated (silhouette below the line of real
 * structure), or null: shown where k is chosen.
 */
export function weakKWarning(point: Pick<SweepPoint, 'k' | 'silhouette'>): string | null {
  if (point.silhouette >= STRUCTURE_THRESHOLD) return null;
  return (
    `At ${point.k} segments the groups are ${separationWords(point.silhouette)} (silhouette ${point.silhouette.toFixed(2)}, ` +
    `below ${STRUCTURE_THRESHOLD}): their borders are soft. Read them as a useful way to divide customers, not as natural groups.`
  );
}

/** Silhouettes this close count as "about the same" (JMP-style preference for fewer segments). */
export const CLOSE_SILHOUETTE = 0.02;
const CLOSE_STABILITY = 0.05;
/** Below this adjusted Rand index between refits a k's segments are unstable… */
const UNSTABLE_ARI = 0.6;
/** …and a k at or above this one, within this much silhouette, is preferred to it. */
const STABLE_ARI = 0.8;
const STEADIER_SILHOUETTE = 0.05;
export const STRUCTURE_THRESHOLD = 0.25;

/**
 * Kneedle (Satopää et al. 2011) for a decreasing, convex curve: normalise k and inertia to
 * [0, 1] and take the k whose inertia lies farthest below the straight line from first to last.
 */
export function elbowKnee(points: readonly Pick<SweepPoint, 'k' | 'inertia'>[]): number | null {
  if (points.length < 3) return null;
  const k0 = points[0].k;
  const k1 = points[points.length - 1].k;
  const top = Math.max(...points.map((p) => p.inertia));
  const bottom = Math.min(...points.map((p) => p.inertia));
  if (top === bottom) return null;
  let best: number | null = null;
  let bestGap = 0;
  for (const p of points) {
    const x = (p.k - k0) / (k1 - k0);
    const y = (p.inertia - bottom) / (top - bottom);
    const gap = 1 - x - y;
    if (gap > bestGap) {
      bestGap = gap;
      best = p.k;
    }
  }
  return best;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;

/**
 * Recommend k: each of the elbow, the highest silhouette, the highest Calinski–Harabasz and the
 * lowest Davies–Bouldin votes for one k; the k with most votes wins (ties: higher silhouette, then
 * fewer segments). A smaller k whose silhouette is within 0.02 and stability within 0.05 is then
 * preferred, as fewer segments are easier to act on.
 */
export function recommendK(points: readonly SweepPoint[]): Recommendation {
  if (points.length === 0) throw new Error('recommendK needs at least one point');
  const knee = elbowKnee(points);
  const by = (score: (p: SweepPoint) => number) =>
    points.reduce((best, p) => (score(p) > score(best) ? p : best), points[0]).k;
  const bestSilhouette = by((p) => p.silhouette);
  const bestCH = by((p) => p.calinskiHarabasz);
  const bestDB = by((p) => -p.daviesBouldin);
  const votes = new Map<number, number>();
  for (const k of [knee, bestSilhouette, bestCH, bestDB]) if (k !== null) votes.set(k, (votes.get(k) ?? 0) + 1);
  const point = (k: number) => points.find((p) => p.k === k) as SweepPoint;
  const ranked = [...points].sort(
    (a, b) => (votes.get(b.k) ?? 0) - (votes.get(a.k) ?? 0) || b.silhouette - a.silhouette || a.k - b.k,
  );
  let chosen = ranked[0];
  const simpler = points.find(
    (p) =>
      p.k < chosen.k &&
      p.silhouette >= chosen.silhouette - CLOSE_SILHOUETTE &&
      p.stability >= chosen.stability - CLOSE_STABILITY,
  );
  const preferredFewer = simpler !== undefined;
  if (simpler) chosen = simpler;
  // Segments that change when the data is resampled are no basis for a plan: when the chosen k is
  // unstable and another k is nearly as well separated and stable, that one is recommended.
  const unstable = chosen;
  const steadier =
    unstable.stability < UNSTABLE_ARI
      ? points
          .filter((p) => p.stability >= STABLE_ARI && p.silhouette >= unstable.silhouette - STEADIER_SILHOUETTE)
          .sort((a, b) => b.silhouette - a.silhouette || a.k - b.k)[0]
      : undefined;
  if (steadier) chosen = steadier;

  const k = chosen.k;
  const parts: string[] = [];
  if (knee === k) parts.push(`the elbow bends at ${k}`);
  if (bestSilhouette === k) parts.push(`silhouette is highest at ${k}`);
  else if (preferredFewer) {
    parts.push(
      `its silhouette (${chosen.silhouette.toFixed(2)}) is about as good as the best (${point(bestSilhouette).silhouette.toFixed(2)} at ${bestSilhouette}) with fewer segments`,
    );
  }
  if (bestCH === k && bestDB === k) parts.push('Calinski–Harabasz and Davies–Bouldin agree');
  else if (bestCH === k) parts.push('Calinski–Harabasz is highest there');
  else if (bestDB === k) parts.push('Davies–Bouldin is lowest there');
  if (steadier) {
    parts.push(
      `${unstable.k} segments would separate slightly better (silhouette ${unstable.silhouette.toFixed(2)}) but change when refitted (adjusted Rand index ${unstable.stability.toFixed(2)})`,
    );
  }
  if (parts.length === 0) parts.push(`it balances the measures best (silhouette ${chosen.silhouette.toFixed(2)})`);
  parts.push(`${percent(chosen.sameSegmentShare)} of customers stay in the same segment when refitted`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}` : parts[0];
  const reason = `${k} segments: ${list}.`;

  const noStructure = points.every((p) => p.silhouette < STRUCTURE_THRESHOLD);
  const warning = noStructure
    ? `These customers do not fall into clearly separated groups: every silhouette is below ${STRUCTURE_THRESHOLD}. Segments will still divide them usefully, but the borders between them are soft; try other features.`
    : null;
  const elsewhere: string[] = [];
  if (knee !== null && knee !== k) elsewhere.push(`the elbow of the spread bends at ${knee}`);
  if (steadier) {
    elsewhere.push(
      `${unstable.k} segments separate slightly better, but they change when the data is resampled (only ${percent(unstable.sameSegmentShare)} of customers keep their segment), so they are no basis for a plan`,
    );
  } else if (bestSilhouette !== k) elsewhere.push(`separation alone is best at ${bestSilhouette}`);
  const advice =
    `${k} segments: the groups are ${separationWords(chosen.silhouette)} and ${stabilityWords(chosen.sameSegmentShare)} ` +
    `(${percent(chosen.sameSegmentShare)} of customers keep their segment)` +
    (preferredFewer ? `; more segments would not separate them better` : '') +
    '.' +
    (elsewhere.length > 0 ? ` The measures do not all agree: ${elsewhere.join(', and ')}.` : '');
  return { k, reason, knee, noStructure, warning, advice };
}
