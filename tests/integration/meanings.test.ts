/**
 * Meanings and friendly labels through the CLI: set on import (`--label`, `--meaning`), kept in the
 * recipe (`import --recipe` gives them back), used by the suggested names and strategies, and by
 * `segments` (text and `--json`: each trait's `label`, each segment's `because`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, tempDir } from '../helpers/built';
import { runCli } from '../helpers/cli';

const temp = tempDir('segment-meanings-');
const db = join(temp.dir, 'meanings.db');
const cli = (...args: string[]) => runCli([...args, '--db', db], temp.dir);

beforeAll(requireBuild);
afterAll(temp.cleanup);

/** Two clear groups: well-off wine buyers without small children, and budget households with them. */
function table(): string {
  const lines = ['id,Income,Kidhome,MntWines,x_score'];
  for (let i = 0; i < 120; i++) {
    const rich = i % 2 === 0;
    const jitter = (i * 37) % 11;
    lines.push(
      [
        i + 1,
        rich ? 80000 + jitter * 500 : 30000 + jitter * 400,
        rich ? 0 : 1 + (i % 3 === 0 ? 1 : 0),
        rich ? 900 + jitter * 10 : 50 + jitter * 3,
        rich ? 5 + (jitter % 3) : 2 + (jitter % 2),
      ].join(','),
    );
  }
  return lines.join('\n');
}

interface SegmentsJson {
  segments: {
    name: string;
    strategy: string;
    because: string | null;
    traits: { feature: string; label: string; text: string }[];
  }[];
}

describe('meanings and labels', () => {
  const file = join(temp.dir, 'households.csv');
  let modelId = 0;

  it('are set on import, kept in the recipe, and name the segments and their reasons', async () => {
    writeFileSync(file, table());
    const imported = await cli(
      'import',
      file,
      '--label',
      'MntWines=Wine',
      '--meaning',
      'x_score=income',
      '--meaning',
      'Kidhome=none',
      '--json',
    );
    expect(imported.code, imported.stderr).toBe(0);
    const datasetId = (JSON.parse(imported.stdout) as { dataset: { id: number } }).dataset.id;
    const recipe = JSON.parse((await cli('recipe', String(datasetId), '--json')).stdout) as {
      recipe: { columns: { name: string; label: string; meaning: string | null }[] };
    };
    expect(recipe.recipe.columns.find((c) => c.name === 'MntWines')).toMatchObject({ label: 'Wine', meaning: 'spend' });
    expect(recipe.recipe.columns.find((c) => c.name === 'Kidhome')).toMatchObject({
      label: 'Small children at home',
      meaning: null,
    });
    const trained = await cli(
      'train',
      String(datasetId),
      '--features',
      'Income,Kidhome,MntWines',
      '--k',
      '2',
      '--json',
    );
    expect(trained.code, trained.stderr).toBe(0);
    modelId = (JSON.parse(trained.stdout) as { model: { id: number } }).model.id;
    const { segments } = JSON.parse((await cli('segments', String(modelId), '--json')).stdout) as SegmentsJson;
    const vip = segments.find((s) => s.strategy.startsWith('VIP rewards:'));
    expect(vip?.name).toBe('Affluent big spenders');
    expect(vip?.because).toMatch(/^Wine \+\d\.\d sd, Income \+\d\.\d sd$/);
    // Kidhome means nothing here: no name speaks of families, though the groups differ on it.
    for (const s of segments) expect(s.name).not.toMatch(/famil|children/i);
    const wine = vip?.traits.find((t) => t.feature === 'MntWines');
    expect(wine).toMatchObject({ label: 'Wine' });
    expect(wine?.text).toMatch(/^Wine \d\.\d standard deviations above average/);
    const text = await cli('segments', String(modelId));
    expect(text.stdout).toMatch(/Because: Wine \+/);
  });

  it('come back with `import --recipe`, and a bad meaning is refused naming the choices', async () => {
    const out = join(temp.dir, 'recipe.json');
    const list = JSON.parse((await cli('list', '--json')).stdout) as { datasets: { id: number }[] };
    expect((await cli('recipe', String(list.datasets[0].id), '--out', out)).code).toBe(0);
    const again = await cli('import', file, '--recipe', out, '--json');
    expect(again.code, again.stderr).toBe(0);
    const id = (JSON.parse(again.stdout) as { dataset: { id: number } }).dataset.id;
    const replayed = JSON.parse((await cli('recipe', String(id), '--json')).stdout) as { recipe: { columns: unknown } };
    expect(replayed.recipe.columns).toEqual((JSON.parse(readFileSync(out, 'utf8')) as { columns: unknown }).columns);
    const bad = await cli('import', file, '--meaning', 'Kidhome=kids');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--meaning "Kidhome=kids": write COLUMN=none\|income\|/);
  });
});
