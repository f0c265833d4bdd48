import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openConfiguredDatabase } from '../../src/db/open.ts';
import { type ApiMessage, type ControlMessage, NOOP_PATH, PROBED_ROUTES } from './protocol.ts';

// The API under test, in its own process so its CPU time and memory are its own: the real app (buildApp) on
// server PostgreSQL with the configured pool, logger off, on a loopback port; plus a no-op route in the
// same app and a bare Fastify, the HTTP ceilings.

const send = (message: ApiMessage) => process.send?.(message);

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const database = await openConfiguredDatabase(config);
  await database.ping();
  const app = await buildApp({ config, database });
  app.get(NOOP_PATH, async () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });

  const bare = Fastify({ logger: false });
  bare.get('/', async () => ({ ok: true }));
  await bare.listen({ host: '127.0.0.1', port: 0 });

  const portOf = (address: ReturnType<typeof app.server.address>) =>
    typeof address === 'object' && address ? address.port : 0;
  const routes = Object.fromEntries(PROBED_ROUTES.map((url) => [url, app.hasRoute({ method: 'GET', url })]));

  let profiler: Session | null = null;
  process.on('message', async (message: ControlMessage) => {
    if (message.type === 'profile-start') {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      send({ type: 'profiled', id: message.id, file: '' });
    } else if (message.type === 'profile-stop' && profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = null;
      await mkdir(message.dir, { recursive: true });
      const file = path.join(message.dir, `api-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      send({ type: 'profiled', id: message.id, file });
    } else if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      send({
        type: 'usage',
        id: message.id,
        userMicros: cpu.user,
        systemMicros: cpu.system,
        rssBytes: process.memoryUsage.rss(),
      });
    } else if (message.type === 'stop') {
      await Promise.allSettled([app.close(), bare.close()]);
      await database.close();
      // A normal exit, so that --cpu-prof writes its profile.
      process.exit(0);
    }
  });
  send({
    type: 'ready',
    port: portOf(app.server.address()),
    barePort: portOf(bare.server.address()),
    routes,
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
