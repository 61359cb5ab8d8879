// Measures the portal against the floor app: sizes of what the browser downloads, and the
// median of 5 cold loads from navigation to the first frame that shows API data (portal) or
// the first frame at all (floor). Each load is a fresh browser context: nothing cached.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    server: { type: 'string' }, portal: { type: 'string' }, floor: { type: 'string' },
    out: { type: 'string' }, loads: { type: 'string', default: '5' },
  },
});
const loads = Number(args.loads);

function sizes(dir, name) {
  const file = path.join(dir, name);
  return {
    raw: statSync(file).size,
    gzip: statSync(`${file}.gz`).size,
    brotli: statSync(`${file}.br`).size,
  };
}

async function startServer(webRoot) {
  const dir = mkdtempSync(path.join(tmpdir(), 'portal-bench-'));
  const child = spawn(args.server, ['--port', '0', '--db', path.join(dir, 'bench.db'),
    '--web-root', webRoot, '--demo', '1', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { url, stop: () => { child.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); } };
}

// `ready` is a function evaluated in the page (a string would be eval'd, which the portal's
// Content-Security-Policy forbids): it answers the time to measure, or 0 while not there yet.
async function coldLoads(browser, url, ready) {
  const times = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(ready, null, { timeout: 30000, polling: 20 });
    times.push(await page.evaluate(ready));
    await context.close();
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], all: times };
}

const browser = await chromium.launch({
  executablePath: process.env.PORTAL_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const portalServer = await startServer(args.portal);
const floorServer = await startServer(args.floor);
try {
  const portal = {
    wasm: sizes(args.portal, 'portal.wasm'),
    js: sizes(args.portal, 'portal.js'),
    firstDataFrameMs: await coldLoads(browser, portalServer.url,
      () => (window.portalState && window.portalState().firstDataFrameMs) || 0),
  };
  const floor = {
    wasm: sizes(args.floor, 'web_floor.wasm'),
    js: sizes(args.floor, 'web_floor.js'),
    firstFrameMs: await coldLoads(browser, floorServer.url, () => window.floorFirstFrameMs || 0),
  };
  const ratio = (a, b) => Number((a / b).toFixed(2));
  const result = {
    date: new Date().toISOString(),
    loads,
    portal,
    floor,
    ratio: {
      wasmBrotli: ratio(portal.wasm.brotli, floor.wasm.brotli),
      jsBrotli: ratio(portal.js.brotli, floor.js.brotli),
      startup: ratio(portal.firstDataFrameMs.median, floor.firstFrameMs.median),
    },
  };
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const row = (name, s) => `${name.padEnd(14)} ${kb(s.raw).padStart(10)} ${kb(s.gzip).padStart(10)} ${kb(s.brotli).padStart(10)}`;
  console.log(`${'file'.padEnd(14)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}`);
  console.log(row('portal.wasm', portal.wasm));
  console.log(row('portal.js', portal.js));
  console.log(row('floor.wasm', floor.wasm));
  console.log(row('floor.js', floor.js));
  console.log(`portal: navigation -> first frame with API data, median of ${loads}: ${portal.firstDataFrameMs.median.toFixed(0)} ms (${portal.firstDataFrameMs.all.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`floor:  navigation -> first frame, median of ${loads}: ${floor.firstFrameMs.median.toFixed(0)} ms (${floor.firstFrameMs.all.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`ratios portal/floor: wasm brotli ${result.ratio.wasmBrotli}, js brotli ${result.ratio.jsBrotli}, start-up ${result.ratio.startup}`);
  if (args.out) {
    mkdirSync(path.dirname(args.out), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  }
} finally {
  portalServer.stop();
  floorServer.stop();
  await browser.close();
}
