import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);

describe('electron-builder.yml', () => {
  const config = yaml.load(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, unknown>;

  it("is valid against electron-builder's own JSON schema (the installers cannot be built here)", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('unpacks the native SQLite module from the asar and names the app', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config).toMatchObject({ appId: 'app.segmentstudio.desktop', productName: 'Segment Studio' });
  });
});
