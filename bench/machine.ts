import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  postgres: string;
  psql: string;
  postgresSettings: Record<string, string>;
  kernel: string;
  loadAverageAtStart: number[];
}

/** What the numbers were measured on. */
export async function machineInfo(databaseUrl: string): Promise<MachineInfo> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let postgres = '';
  const settings: Record<string, string> = {};
  try {
    postgres = (await client.query<{ v: string }>('select version() as v')).rows[0]?.v ?? '';
    const { rows } = await client.query<{ name: string; value: string }>(
      `select name, setting || coalesce(' ' || unit, '') as value from pg_settings
       where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'jit', 'max_parallel_workers_per_gather',
                      'random_page_cost', 'fsync', 'synchronous_commit')`,
    );
    for (const row of rows) settings[row.name] = row.value;
  } finally {
    await client.end();
  }
  let psql = '';
  try {
    psql = execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    psql = 'not found';
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    postgres,
    psql,
    postgresSettings: settings,
    kernel: os.release(),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Jiffies the whole machine spent busy and in total, from /proc/stat: how loaded it was during a run. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}
