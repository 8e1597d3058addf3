import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/built';

/**
 * A CSS module's class read in a component (`styles.tryCustomerInputs`) must exist in that module, or
 * the element silently gets the class "undefined" and no style; and a module's class no component
 * reads is dead. TypeScript cannot see either (the module's type is a plain record), so this reads
 * both sides.
 */
const src = join(repoRoot, 'renderer', 'src');
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
/** As Vite's `localsConvention: 'camelCaseOnly'` names them. */
const camel = (name: string) =>
  name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part, i) => (i === 0 ? part.toLowerCase() : part[0].toUpperCase() + part.slice(1)))
    .join('');
const classesOf = (css: string) =>
  new Set(
    [
      ...css
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/:global\([^)]*\)/g, '')
        .matchAll(/\.([a-zA-Z][\w-]*)/g),
    ].map((m) => camel(m[1])),
  );

const files = walk(src);
const components = files.filter((f) => f.endsWith('.tsx'));
const modules = files.filter((f) => f.endsWith('.module.css'));

describe('CSS modules', () => {
  it('every class a component reads is in its module, and every module class is read', () => {
    const read = new Map<string, Set<string>>(modules.map((m) => [m, new Set()]));
    const missing: string[] = [];
    for (const file of components) {
      const text = readFileSync(file, 'utf8');
      for (const [, alias, path] of text.matchAll(/import (\w+) from '(\.[^']+\.module\.css)';/g)) {
        const module = resolve(dirname(file), path);
        const defined = classesOf(readFileSync(module, 'utf8'));
        for (const [, name] of text.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, 'g'))) {
          read.get(module)?.add(name);
          if (!defined.has(name)) missing.push(`${relative(src, file)}: ${alias}.${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
    const unread = modules.flatMap((m) =>
      [...classesOf(readFileSync(m, 'utf8'))]
        .filter((c) => !read.get(m)?.has(c))
        .map((c) => `${relative(src, m)}: .${c}`),
    );
    expect(unread).toEqual([]);
    expect(modules.length).toBeGreaterThan(10);
  });

  it('colours, spaces, type sizes and corners come from the design tokens', () => {
    const stray: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.css') && !/tokens\.css$|fonts\.css$/.test(f))) {
      const css = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const [decl, prop, value] of css.matchAll(/([a-z-]+):\s*([^;{}]+);/g)) {
        if (/#[0-9a-f]{3,8}\b|rgba?\(/i.test(value)) stray.push(`${relative(src, file)}: ${decl}`);
        if (/^(margin|padding|gap|row-gap|column-gap)/.test(prop) && /\d*\.?\d+rem/.test(value))
          stray.push(`${relative(src, file)}: ${decl}`);
        if (prop === 'font-size' && /^\d*\.?\d+(rem|pt)$/.test(value)) stray.push(`${relative(src, file)}: ${decl}`);
      }
    }
    expect(stray).toEqual([]);
  });
});
