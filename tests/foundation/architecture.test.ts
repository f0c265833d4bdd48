import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// The import rules of docs/CONTRIBUTING.md ("What may import what"), checked on every file of src/.

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Import {
  /** The importing file, relative to the repository root. */
  from: string;
  /** What it names, as written. */
  specifier: string;
  /** The imported file, relative to the repository root. */
  target: string;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? sourceFiles(path.join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

/** Every relative import and re-export of a file: static, type-only and dynamic alike. */
function importsOf(file: string, text: string): Import[] {
  const found: Import[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const specifier = match[1] as string;
    found.push({ from: file, specifier, target: path.join(path.dirname(file), specifier) });
  }
  return found;
}

const moduleOf = (file: string) => /^src\/modules\/([^/]+)\//.exec(file)?.[1];
const layerOf = (file: string) => /^src\/([^/]+)\//.exec(file)?.[1];

/** A module's public face: the `*.service.ts` and `*.schemas.ts` files at the root of its folder. */
function isPublicFileOf(module: string, target: string): boolean {
  return new RegExp(`^src/modules/${module}/[^/]+\\.(service|schemas)\\.ts$`).test(target);
}

/** Why an import breaks the rules, or undefined when it keeps them. */
export function brokenRule({ from, target }: Import): string | undefined {
  const fromModule = moduleOf(from);
  const toModule = moduleOf(target);
  const fromLayer = layerOf(from);
  const toLayer = layerOf(target);
  if (
    fromLayer === 'domain' &&
    toLayer !== 'domain' &&
    target.startsWith('src/') &&
    !target.endsWith('db/schema.ts')
  )
    return 'src/domain is pure: it imports nothing but other domain files (and db/schema.ts types)';
  if ((fromLayer === 'db' || fromLayer === 'http') && (toLayer === 'modules' || toLayer === 'plugins'))
    return `src/${fromLayer} is shared by every module: it imports no module and no plugin`;
  if (fromLayer === 'plugins' && toModule && !isPublicFileOf(toModule, target))
    return `a plugin uses a module through its public files only (src/modules/${toModule}/*.service.ts)`;
  if (fromModule && toModule && fromModule !== toModule && !isPublicFileOf(toModule, target))
    return `module "${fromModule}" may import from module "${toModule}" only its public files: src/modules/${toModule}/*.service.ts or *.schemas.ts`;
  return undefined;
}

test('architecture: every import in src/ keeps the rules of docs/CONTRIBUTING.md', async () => {
  const files = await sourceFiles('src');
  assert.ok(files.length > 50, `found only ${files.length} files under src/`);
  const broken: string[] = [];
  for (const file of files) {
    for (const imported of importsOf(file, await readFile(path.join(root, file), 'utf8'))) {
      const rule = brokenRule(imported);
      if (rule) broken.push(`${imported.from} imports '${imported.specifier}': ${rule}`);
    }
  }
  assert.deepEqual(broken, [], `imports that break the rules:\n${broken.join('\n')}`);
});

test('architecture: the rules name what they refuse', () => {
  const at = (from: string, target: string): Import => ({ from, specifier: target, target });
  assert.match(
    brokenRule(at('src/modules/gaps/gaps.service.ts', 'src/modules/actors/actors.queries.ts')) ?? '',
    /module "gaps" may import from module "actors" only its public files/,
  );
  assert.match(
    brokenRule(at('src/modules/actors/actors.commands.ts', 'src/modules/events/write/write.queries.ts')) ??
      '',
    /module "actors" may import from module "events"/,
  );
  assert.match(
    brokenRule(at('src/http/write-route.ts', 'src/modules/events/events.service.ts')) ?? '',
    /src\/http is shared by every module/,
  );
  assert.match(brokenRule(at('src/domain/edtf.ts', 'src/http/problem.ts')) ?? '', /src\/domain is pure/);
  assert.equal(
    brokenRule(at('src/modules/gaps/gaps.service.ts', 'src/modules/events/events.service.ts')),
    undefined,
  );
  assert.equal(
    brokenRule(at('src/modules/gaps/gaps.schemas.ts', 'src/modules/events/events.schemas.ts')),
    undefined,
  );
  assert.equal(
    brokenRule(at('src/modules/events/write/write.routes.ts', 'src/modules/events/read/page.queries.ts')),
    undefined,
  );
  assert.equal(brokenRule(at('src/plugins/auth.ts', 'src/modules/keys/keys.service.ts')), undefined);
});
