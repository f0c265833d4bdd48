import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The viewer is static files: its own ES modules from ./assets and D3's single-file ES module builds from
// node_modules, wired by an import map. Everything is read once at start-up, so a request never touches the
// disk and no path from a URL ever reaches the file system (only names in these maps are served).

/** One file the viewer serves, with its validator. */
export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  /** A versioned URL (vendor files) never changes: cache it for good; own files revalidate. */
  immutable: boolean;
}

/** The D3 modules the viewer imports, and the ones they import (each build imports its dependencies by name). */
export const VENDOR_PACKAGES = [
  'd3-array',
  'd3-axis',
  'd3-color',
  'd3-dispatch',
  'd3-drag',
  'd3-ease',
  'd3-format',
  'd3-interpolate',
  'd3-scale',
  'd3-selection',
  'd3-time',
  'd3-time-format',
  'd3-timer',
  'd3-transition',
  'd3-zoom',
] as const;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

const etagOf = (body: Buffer | string) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

function asset(body: Buffer, file: string, immutable: boolean): Asset {
  return {
    body,
    type: TYPES[path.extname(file)] ?? 'application/octet-stream',
    etag: etagOf(body),
    immutable,
  };
}

export interface ViewerBundle {
  /** The page, ready to send: the import map and the API's languages filled in. */
  page: Asset;
  /** By the path after /timeline/: `assets/main.js`, `vendor/d3-scale@4.0.3/d3-scale.min.mjs`. */
  files: Map<string, Asset>;
  /** The Content-Security-Policy of the page and its files. */
  csp: string;
}

/** Reads the viewer's files and D3's builds, and renders the page with its import map. */
export function loadViewer(languages: readonly string[]): ViewerBundle {
  const assetsDir = fileURLToPath(new URL('./assets/', import.meta.url));
  const files = new Map<string, Asset>();
  for (const name of readdirSync(assetsDir)) {
    if (name === 'index.html') continue;
    files.set(`assets/${name}`, asset(readFileSync(path.join(assetsDir, name)), name, false));
  }

  const require = createRequire(import.meta.url);
  const imports: Record<string, string> = {};
  for (const name of VENDOR_PACKAGES) {
    // The packages export no package.json: find their folder from their entry point.
    const entry = require.resolve(name);
    const root = entry.slice(0, entry.lastIndexOf(`${path.sep}node_modules${path.sep}${name}${path.sep}`));
    const dir = path.join(root, 'node_modules', name);
    const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      version: string;
    };
    const file = `${name}.min.mjs`;
    const key = `vendor/${name}@${version}/${file}`;
    files.set(key, asset(readFileSync(path.join(dir, 'dist', file)), file, true));
    imports[name] = `/timeline/${key}`;
  }

  const importMap = JSON.stringify({ imports });
  const scriptHash = createHash('sha256').update(importMap).digest('base64');
  // Every module is announced up front: the browser fetches them side by side instead of discovering the
  // graph one import level (one round trip) at a time.
  const ownModules = [...files.keys()].filter((key) => key.startsWith('assets/') && key.endsWith('.js'));
  const preloads = [...ownModules.map((key) => `/timeline/${key}`), ...Object.values(imports)]
    .map((href) => `<link rel="modulepreload" href="${href}">`)
    .join('\n');
  const html = readFileSync(path.join(assetsDir, 'index.html'), 'utf8')
    .replace('<!-- modulepreload -->', preloads)
    .replace(
      '<script type="importmap">{"imports":{}}</script>',
      `<script type="importmap">${importMap}</script>`,
    )
    .replace('{{languages}}', languages.join(' '));
  const csp = [
    "default-src 'none'",
    // The import map is the one inline script, allowed by its hash; every other script is a file of ours.
    `script-src 'self' 'sha256-${scriptHash}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { page: asset(Buffer.from(html), 'index.html', false), files, csp };
}
