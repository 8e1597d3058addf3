import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SegmentCards } from '../../renderer/src/components/SegmentCards';
import { STRATEGIES } from '../../shared/segments/playbook';
import type { ModelSummary } from '../../shared/domain';
import { fakeClient, renderWith } from './fakeClient';

afterEach(cleanup);

const vip = STRATEGIES.find((s) => s.id === 'vip');

/** Two segments on income and wine: well-off wine buyers, and the rest; the wine column labelled. */
function model(): ModelSummary {
  const segment = (cluster: number, name: string, strategy: string, means: number[], size: number) => ({
    cluster,
    name,
    strategy,
    description: '',
    colour: cluster === 0 ? '#0072B2' : '#E69F00',
    size,
    share: size / 100,
    means,
    categoryShares: [],
  });
  return {
    id: 7,
    datasetId: 1,
    name: 'Two',
    k: 2,
    features: ['Income', 'MntWines'],
    silhouette: 0.5,
    createdAt: '',
    numericFeatures: ['Income', 'MntWines'],
    categoricalFeatures: [],
    preprocessing: {
      scaling: 'standard',
      numeric: [],
      categorical: [],
      columns: [],
    } as unknown as ModelSummary['preprocessing'],
    recipe: {
      kind: 'segment-studio-recipe',
      version: 1,
      source: {
        fileName: 'f.csv',
        format: 'text',
        encoding: 'UTF-8',
        delimiter: ',',
        decimal: null,
        header: true,
        headerRow: null,
        sheet: null,
      },
      options: {},
      columns: [
        { name: 'Income', kind: 'numeric', role: 'file', meaning: 'income', label: 'Household income' },
        { name: 'MntWines', kind: 'numeric', role: 'file', meaning: 'spend', label: 'Wine' },
      ],
      ignored: [],
      steps: [],
    },
    sweepId: null,
    hasCustomers: true,
    seed: 0,
    nInit: 4,
    customers: 100,
    inertia: 1,
    silhouetteSampled: 100,
    startsSampled: 100,
    calinskiHarabasz: 1,
    daviesBouldin: 1,
    varianceExplained: 0.5,
    iterations: 3,
    centroids: [],
    overallMeans: [50000, 300],
    overallStd: [20000, 300],
    ranges: [],
    centroidsScaled: [],
    imputed: [],
    pca: { explainedVarianceRatio: [], components: [], mean: [] },
    segments: [
      segment(0, 'Affluent big spenders', `${vip?.title}: ${vip?.text}`, [80000, 700], 40),
      segment(1, 'Others', 'Call them every week.', [30000, 33], 60),
    ],
  };
}

describe('segment cards', () => {
  it('show traits by their labels, say why a playbook strategy fits, and save a new name', async () => {
    const m = model();
    const { client, calls } = fakeClient({
      updateSegment: async ({ cluster, name }) => ({ ...m.segments[cluster], name: name ?? m.segments[cluster].name }),
    });
    renderWith(client, <SegmentCards model={m} onSaved={() => {}} />);
    const first = screen.getByRole('article', { name: 'Segment 1' });
    const traits = within(first).getByRole('list', { name: 'Traits of segment 1' });
    expect(traits.textContent).toContain(
      'Household income 1.5 standard deviations above average (mean 80,000 vs 50,000)',
    );
    expect(traits.textContent).toContain('Wine 1.3 standard deviations above average');
    expect(within(first).getByText(/^Because:/).textContent).toBe('Because: Wine +1.3 sd, Household income +1.5 sd');
    // A strategy the user wrote has no "because".
    const second = screen.getByRole('article', { name: 'Segment 2' });
    expect(within(second).queryByText(/^Because:/)).toBeNull();

    const name = within(first).getByRole('textbox', { name: 'Name of segment 1' });
    fireEvent.change(name, { target: { value: 'Wine lovers' } });
    fireEvent.blur(name);
    await waitFor(() => expect(calls.filter((c) => c.name === 'updateSegment')).toHaveLength(1));
    expect(calls[0].args).toEqual({ modelId: 7, cluster: 0, name: 'Wine lovers' });
  });
});
