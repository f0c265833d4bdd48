import { readFileSync } from 'node:fs';

// Reads the Dockerfile without a Docker engine: CI has none, yet has to check what the image runs
// (tests/foundation/versions.test.ts) and run the image's command line on the machine (scripts/startup.ts).

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  image: string;
  name: string | null;
  instructions: DockerInstruction[];
}

/** Stages in order; line continuations joined, comments and blank lines dropped. */
export function parseDockerfile(text: string): DockerStage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!pending && /^\s*(#|$)/.test(line)) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push((pending + line).trim());
    pending = '';
  }
  if (pending) logical.push(pending.trim());

  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [, image = '', name = null] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ image, name, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`Dockerfile: "${line}" comes before the first FROM`);
      stage.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

export function readDockerfile(file: string): DockerStage[] {
  return parseDockerfile(readFileSync(file, 'utf8'));
}

/** The Node.js major of an official `node:` image tag (`node:26-trixie-slim` → 26), else null. */
export function nodeMajorOfImage(image: string): number | null {
  const match = /^(?:docker\.io\/)?(?:library\/)?node:(\d+)(?:[.-]|$)/.exec(image);
  return match ? Number(match[1]) : null;
}

/** ENV of one stage, later values winning (`ENV A=1 B="x y"`, or the legacy `ENV A 1`). */
export function stageEnv(stage: DockerStage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of stage.instructions) {
    if (keyword !== 'ENV') continue;
    if (!/^\w+=/.test(args)) {
      const [, key = '', value = ''] = /^(\w+)\s+(.*)$/.exec(args) ?? [];
      env[key] = value;
      continue;
    }
    for (const match of args.matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g))
      env[match[1] as string] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
  }
  return env;
}

/** The final stage's CMD in exec form (a JSON array); the shell form is refused: SIGTERM would hit the shell. */
export function imageCommand(stages: DockerStage[]): string[] {
  const final = stages.at(-1);
  const cmd = final?.instructions.filter((i) => i.keyword === 'CMD').at(-1);
  if (!cmd) throw new Error('Dockerfile: the final stage has no CMD');
  const parsed: unknown = JSON.parse(cmd.args.trim().startsWith('[') ? cmd.args : 'null');
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string'))
    throw new Error(`Dockerfile: CMD ${cmd.args} must be a JSON array (exec form), so node is PID 1`);
  return parsed;
}

export interface DockerCopy {
  from: string | null;
  sources: string[];
  destination: string;
}

/** COPY instructions of a stage: `--from` names another stage; without it the sources come from the context. */
export function stageCopies(stage: DockerStage): DockerCopy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    .map(({ args }) => {
      const words = args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length) ?? null;
      return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
    });
}

/**
 * Which paths of the build context `.dockerignore` lets in, the way Docker decides: patterns in order, the
 * last one matching the path or one of its parent folders wins, `!` lets back in; `*` and `?` stay within a
 * path segment, `**` crosses them.
 */
export function dockerignoreFilter(text: string): (relativePath: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const exclusion = line.startsWith('!');
      const glob = (exclusion ? line.slice(1) : line).trim().replace(/^\/+/, '').replace(/\/+$/, '');
      return { exclusion, regex: globToRegExp(glob) };
    });
  return (relativePath) => {
    const segments = relativePath.split('/');
    let excluded = false;
    for (const { exclusion, regex } of patterns) {
      if (exclusion !== excluded) continue;
      const matches = segments.some((_, i) => regex.test(segments.slice(0, i + 1).join('/')));
      if (matches) excluded = !exclusion;
    }
    return !excluded;
  };
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
