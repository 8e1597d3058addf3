#!/usr/bin/env node
/**
 * Fails when a runtime dependency (package.json "dependencies", at the version the lockfile pins)
 * is marked deprecated on the npm registry; lists deprecated packages they pull in, as warnings.
 * Needs the registry (CI runs it after `npm ci`; the tests do not, they stay offline).
 */
import { readFileSync } from 'node:fs';

const registry = (process.env.npm_config_registry ?? 'https://registry.npmjs.org/').replace(/\/?$/, '/');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));

const production = Object.entries(lock.packages)
  .filter(([path, entry]) => path !== '' && !entry.dev && !entry.devOptional)
  .map(([path, entry]) => ({ name: path.replace(/^.*node_modules\//, ''), version: entry.version }));
const direct = new Set(Object.keys(pkg.dependencies ?? {}));

async function deprecation(name, version) {
  const response = await fetch(`${registry}${name.replace('/', '%2f')}`, {
    headers: { accept: 'application/vnd.npm.install-v1+json' },
  });
  if (!response.ok) throw new Error(`${name}: registry answered ${response.status}`);
  const meta = await response.json();
  return meta.versions?.[version]?.deprecated ?? null;
}

let failed = false;
let results;
try {
  results = await Promise.all(
    production.map(async (p) => ({ ...p, deprecated: await deprecation(p.name, p.version) })),
  );
} catch (error) {
  // No registry here: say so, and do not pretend the check passed or failed.
  console.warn(`Could not reach the npm registry to check deprecations: ${error.message}`);
  process.exit(0);
}
for (const r of results) {
  if (!r.deprecated) continue;
  if (direct.has(r.name)) {
    failed = true;
    console.error(`DEPRECATED runtime dependency ${r.name}@${r.version}: ${r.deprecated}`);
  } else {
    console.warn(`note: ${r.name}@${r.version} (pulled in by a runtime dependency) is deprecated: ${r.deprecated}`);
  }
}
console.log(
  `${direct.size} runtime dependencies checked (${production.length} packages with what they pull in): ` +
    (failed ? 'some are deprecated' : 'none deprecated'),
);
process.exit(failed ? 1 : 0);
