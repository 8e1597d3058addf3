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

  it("flips Electron's fuses: no running as Node, no NODE_OPTIONS or inspect, cookies encrypted, only the checked asar", () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('unpacks the native SQLite module from the asar and names the app', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config).toMatchObject({ appId: 'app.segmentstudio.desktop', productName: 'Segment Studio' });
  });

  it('builds every installer the brief names, signed-ready, with the icon and file associations', () => {
    const targets = (platform: string) =>
      ((config[platform] as { target: ({ target: string; arch?: string[] } | string)[] }).target ?? []).map((t) =>
        typeof t === 'string' ? { target: t, arch: [] } : { target: t.target, arch: t.arch ?? [] },
      );
    expect(targets('win')).toEqual([
      { target: 'nsis', arch: ['x64', 'arm64'] },
      { target: 'portable', arch: ['x64', 'arm64'] },
    ]);
    expect(targets('mac')).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    expect(targets('linux').map((t) => t.target)).toEqual(['AppImage']);
    const mac = config.mac as Record<string, unknown>;
    expect(mac.hardenedRuntime).toBe(true);
    const entitlements = readFileSync(new URL(mac.entitlements as string, root), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    expect(entitlements).not.toContain('network.server');
    expect(
      readFileSync(new URL(config.icon as string, root))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const associations = config.fileAssociations as { ext: string }[];
    expect(associations.map((a) => a.ext)).toEqual(['segmodel', 'csv']);
  });
});

describe('the desktop shell (electron/main, not runnable here)', () => {
  const main = readFileSync(new URL('electron/main/index.ts', root), 'utf8');
  const window = readFileSync(new URL('electron/main/window.ts', root), 'utf8');

  it('denies every permission request and every permission check', () => {
    expect(main).toMatch(/setPermissionRequestHandler\(\(_contents, _permission, callback\) => callback\(false\)\)/);
    expect(main).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
  });

  it('isolates and sandboxes every window, without Node in the page', () => {
    expect(window).toMatch(/contextIsolation: true/);
    expect(window).toMatch(/sandbox: true/);
    expect(window).toMatch(/nodeIntegration: false/);
    expect(window).toMatch(/disableBlinkFeatures: 'Auxclick'/);
  });
});

describe('runtime dependencies', () => {
  it('are exactly the packages the built app loads at run time (the rest is bundled into out/)', async () => {
    const { readdirSync } = await import('node:fs');
    const { builtinModules } = await import('node:module');
    const { requireBuild, builtMain } = await import('../helpers/built');
    requireBuild();
    const loaded = new Set<string>();
    for (const file of readdirSync(builtMain).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(new URL(`out/main/${file}`, root), 'utf8');
      for (const m of code.matchAll(
        /\bimport\s[^;"']*?from\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)|\brequire\(\s*"([^"]+)"\s*\)/g,
      )) {
        const spec = m[1] ?? m[2] ?? m[3];
        if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
        loaded.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
    loaded.delete('electron'); // provided by the Electron runtime itself
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect([...loaded].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });
});
