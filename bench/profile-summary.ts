import { parseArgs } from 'node:util';
import { UsageError } from './database-url.ts';
import { profileSummary } from './measure/cpu-profile.ts';

const USAGE = `Where a V8 CPU profile (node --cpu-prof, or npm run bench -- --cpu-prof) spent its time: self time by
area (the service's own code by folder, each dependency by package, V8 and GC) and the top functions.

  npx tsx bench/profile-summary.ts bench/results/profiles/CPU.….cpuprofile [--top 25] [--requests N]

  --requests N   divide by N requests, to give µs per request
  --top N        how many functions to list (default 25)`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '25' },
      requests: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length !== 1) throw new UsageError(`give one .cpuprofile file\n\n${USAGE}`);
  const requests = values.requests ? Number(values.requests) : null;
  process.stdout.write(await profileSummary(positionals[0] as string, requests, Number(values.top)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? error.message : (error as Error).stack}\n`);
  process.exit(error instanceof UsageError ? 64 : 1);
});
