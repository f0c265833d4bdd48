import { readFile } from 'node:fs/promises';
import { markdownTable } from '../report.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The area a function belongs to: src/<folder>, a package name, node internals, or a V8 pseudo-frame. */
export function areaOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)' || functionName === '(program)') return functionName;
    return 'V8 / native';
  }
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const modules = path.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const rest = path.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? path);
  }
  const src = path.indexOf('/src/');
  if (src !== -1) {
    const parts = path.slice(src + 1).split('/');
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts.join('/');
  }
  if (path.startsWith('node:') || !path.startsWith('/')) return 'node internals';
  return path;
}

export function summarise(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, { area: string; micros: number }>();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    if (area === '(idle)') {
      idle += micros;
      continue;
    }
    total += micros;
    areas.set(area, (areas.get(area) ?? 0) + micros);
    const where = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    const f = functions.get(key) ?? { area, micros: 0 };
    f.micros += micros;
    functions.set(key, f);
  }
  return { total, idle, areas, functions };
}

/** Self time by area and the top functions of a .cpuprofile file, as Markdown tables. */
export async function profileSummary(file: string, requests: number | null, top: number): Promise<string> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const { total, idle, areas, functions } = summarise(profile);
  const per = (micros: number) => (requests ? `${Math.round(micros / requests).toLocaleString('en')}` : '');
  const pct = (micros: number) => `${((100 * micros) / total).toFixed(1)}`;
  const areaRows = [...areas.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([area, micros]) => [area, pct(micros), `${(micros / 1000).toFixed(0)}`, per(micros)]);
  const functionRows = [...functions.entries()]
    .sort((a, b) => b[1].micros - a[1].micros)
    .slice(0, top)
    .map(([name, f]) => [name, f.area, pct(f.micros), per(f.micros)]);
  return [
    `busy ${(total / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s${requests ? `, ${requests} requests: ${Math.round(total / requests).toLocaleString('en')} µs of samples per request` : ''}`,
    '',
    markdownTable(['area (self time)', '%', 'ms', 'µs/request'], areaRows),
    '',
    markdownTable(['function', 'area', '% self', 'µs/request'], functionRows),
    '',
  ].join('\n');
}
