import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import {
  type DockerStage,
  dockerignoreFilter,
  imageCommand,
  nodeMajorOfImage,
  readDockerfile,
  stageCopies,
} from '../../scripts/dockerfile.ts';

// The Node.js lines the project claims are the ones CI runs: package.json's engines, README's Requirements
// table, the Dockerfile's base image and .ci/run must agree. And the image must run what the build writes.

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** `^20.19.0 || ^24.0.0` → [20, 24]; an open range (`>=24`) would claim lines nobody tested. */
function enginesLines(range: string): number[] {
  return range.split('||').map((alternative) => {
    const match = /^(?:\^|~)?(\d+)(?:\.(?:\d+|x)){0,2}$/.exec(alternative.trim());
    assert.ok(match, `engines.node alternative "${alternative.trim()}" must name one line, e.g. ^26.0.0`);
    return Number(match[1]);
  });
}

/** Majors of the rows of the table under README's "## Requirements" (`| 26 | … |`). */
function readmeLines(readme: string): number[] {
  const section = /^## Requirements\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1];
  assert.ok(section, 'README.md has a "## Requirements" section');
  return [...section.matchAll(/^[ \t]*\|\s*(\d+)\s*\|/gm)].map((m) => Number(m[1]));
}

/** `NODE_VERSIONS=(26.12.1 24.22.3)` and `NODE_IMAGE_LINE=26` from .ci/run. */
function ciLines(script: string): { versions: string[]; lines: number[]; imageLine: number } {
  const versions = /^NODE_VERSIONS=\(([^)]*)\)$/m.exec(script)?.[1]?.trim().split(/\s+/);
  const imageLine = /^NODE_IMAGE_LINE=(\d+)$/m.exec(script)?.[1];
  assert.ok(versions?.length, '.ci/run sets NODE_VERSIONS=(…) to the Node.js versions it tests');
  assert.ok(imageLine, '.ci/run sets NODE_IMAGE_LINE to the Docker image line');
  for (const version of versions) assert.match(version, /^\d+\.\d+\.\d+$/, `exact version in NODE_VERSIONS`);
  return { versions, lines: versions.map((v) => Number(v.split('.')[0])), imageLine: Number(imageLine) };
}

const sorted = (lines: number[]) => [...new Set(lines)].sort((a, b) => b - a);

/** What `tsc -p tsconfig.build.json` reads and writes, from TypeScript's own reading of the config. */
function buildProgram(): { inputs: string[]; outputs: string[] } {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) =>
      assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  });
  assert.ok(parsed, 'tsconfig.build.json parses');
  assert.deepEqual(parsed.errors, [], 'tsconfig.build.json has no errors');
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  return {
    inputs: parsed.fileNames.map(relative),
    outputs: parsed.fileNames.flatMap((file) => ts.getOutputFileNames(parsed, file, false)).map(relative),
  };
}

function filesUnder(relative: string): string[] {
  const full = path.join(root, relative);
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((entry) => `${relative}/${entry.split(path.sep).join('/')}`)
    .filter((file) => statSync(path.join(root, file)).isFile());
}

const buildStage = (stages: DockerStage[]) =>
  stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args)));

describe('versions: the Node.js lines are the same everywhere', () => {
  const ci = ciLines(read('.ci/run'));
  const pkg = JSON.parse(read('package.json')) as {
    engines?: { node?: string };
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const stages = readDockerfile(path.join(root, 'Dockerfile'));

  test('engines, README and .ci/run list the same lines', () => {
    assert.ok(pkg.engines?.node, 'package.json has engines.node');
    assert.deepEqual(sorted(enginesLines(pkg.engines.node)), sorted(ci.lines), 'engines.node vs .ci/run');
    assert.deepEqual(
      sorted(readmeLines(read('README.md'))),
      sorted(ci.lines),
      "README's Requirements vs .ci/run",
    );
  });

  test('every Dockerfile stage runs the line CI tests most fully (NODE_IMAGE_LINE), one of those it tests', () => {
    assert.ok(ci.lines.includes(ci.imageLine), `NODE_IMAGE_LINE=${ci.imageLine} is one of NODE_VERSIONS`);
    assert.ok(stages.length > 0, 'the Dockerfile has stages');
    for (const stage of stages) {
      assert.equal(
        nodeMajorOfImage(stage.image),
        ci.imageLine,
        `FROM ${stage.image} is node:${ci.imageLine}`,
      );
    }
  });

  test("the image's CMD runs node on a file `npm run build` writes, copied from the stage that builds", () => {
    const [program, ...args] = imageCommand(stages);
    assert.equal(program, 'node');
    assert.ok(!args.some((a) => a.includes('tsx')), `CMD ${JSON.stringify(args)} runs no tsx`);
    const entry = args.find((a) => !a.startsWith('-'));
    assert.ok(entry, 'CMD names a file to run');
    const { outputs } = buildProgram();
    assert.ok(outputs.includes(entry), `${entry} is one of the build's outputs`);

    const builder = buildStage(stages);
    assert.ok(builder?.name, 'a named stage runs `npm run build`');
    const final = stages.at(-1) as DockerStage;
    const copiedFromBuild = stageCopies(final).filter((c) => c.from === builder.name);
    const topFolder = entry.split('/')[0] as string;
    assert.ok(
      copiedFromBuild.some((c) => c.sources.some((s) => s.replace(/^\/app\//, '') === topFolder)),
      `the final stage copies ${topFolder}/ from the "${builder.name}" stage`,
    );
    assert.match(
      read('package.json'),
      /"build": "[^"]*tsc -p tsconfig\.build\.json/,
      'npm run build runs tsc',
    );
  });

  test('no TypeScript tooling at run time: tsx and typescript are dev dependencies, the build imports neither', () => {
    for (const tool of ['tsx', 'typescript']) {
      assert.equal(pkg.dependencies?.[tool], undefined, `${tool} is not a production dependency`);
      assert.ok(pkg.devDependencies?.[tool], `${tool} is a dev dependency`);
    }
    const deps = stages.find((s) => s.instructions.some((i) => /npm ci\b.*--omit=dev/.test(i.args)));
    assert.ok(deps?.name, 'a named stage installs production dependencies (npm ci --omit=dev)');
    const final = stages.at(-1) as DockerStage;
    assert.ok(
      stageCopies(final).some((c) => c.from === deps.name && c.sources.includes('/app/node_modules')),
      `the final stage takes node_modules from "${deps.name}"`,
    );
    for (const file of buildProgram().inputs.filter((f) => !f.endsWith('.d.ts'))) {
      assert.doesNotMatch(
        read(file),
        /from '(tsx|typescript)(\/[^']*)?'/,
        `${file} imports no tsx or typescript`,
      );
    }
  });

  test('.dockerignore lets in every file the build reads and every path the Dockerfile copies', () => {
    const allowed = dockerignoreFilter(read('.dockerignore'));
    const { inputs } = buildProgram();
    const needed = new Set([
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      ...inputs,
      // Not compiled, but copied into dist/ by `npm run build` and read at start-up.
      ...filesUnder('seeds').filter((f) => f.endsWith('.json')),
    ]);
    for (const stage of stages) {
      for (const copy of stageCopies(stage).filter((c) => c.from === null)) {
        for (const source of copy.sources) for (const file of filesUnder(source)) needed.add(file);
      }
    }
    const keptOut = [...needed].filter((file) => !allowed(file));
    assert.deepEqual(keptOut, [], 'files the image build needs that .dockerignore keeps out');
    for (const file of ['node_modules/fastify/package.json', 'dist/src/server.js', 'data/x', '.git/HEAD'])
      assert.equal(allowed(file), false, `${file} stays out of the build context`);
  });
});

describe('versions: how the consistency checks read the files', () => {
  test('engines alternatives each name one line; an open range is refused', () => {
    assert.deepEqual(enginesLines('^20.19.0 || ^24.0.0 || ^26.0.0'), [20, 24, 26]);
    assert.deepEqual(enginesLines('~22.12 || 24.x'), [22, 24]);
    assert.throws(() => enginesLines('>=20'), /must name one line/);
  });

  test("README's lines are the first cells of the Requirements table, not other numbers", () => {
    const readme =
      '# X\n## Requirements\n\nNode.js 99 is out.\n\n| Node.js | status |\n|---|---|\n| 26 | LTS |\n| 24 | old |\n\n## Next\n| 18 | no |\n';
    assert.deepEqual(readmeLines(readme), [26, 24]);
  });

  test('.ci/run lines and the image line', () => {
    assert.deepEqual(ciLines('x\nNODE_VERSIONS=(26.12.1 24.22.3)\nNODE_IMAGE_LINE=26\n'), {
      versions: ['26.12.1', '24.22.3'],
      lines: [26, 24],
      imageLine: 26,
    });
  });

  test('.dockerignore: the last matching pattern wins, a parent folder counts, ** crosses folders', () => {
    const allowed = dockerignoreFilter('*\n!src\n!seeds\nseeds/*.tmp\n**/*.log\n# comment\n!keep.log');
    assert.equal(allowed('src/server.ts'), true);
    assert.equal(allowed('src/deep/x.ts'), true);
    assert.equal(allowed('tests/x.test.ts'), false);
    assert.equal(allowed('seeds/nrc.json'), true);
    assert.equal(allowed('seeds/a.tmp'), false);
    assert.equal(allowed('src/deep/debug.log'), false);
    assert.equal(allowed('keep.log'), true);
  });
});
