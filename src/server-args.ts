/**
 * How the portal's process is started: `npm start` (package.json, kept equal by tests/platform/server-args.test.ts)
 * and everything that starts a real server (the benchmark, the load test, the browser and crash tests).
 * V8 would otherwise let its heap grow to about 500 MB under load on a machine with memory to spare, though the
 * portal keeps 30-60 MB alive: an old generation of 192 MB and small young-generation spaces held the benchmark's peak
 * near 260-300 MB at the same speed (docs/PERFORMANCE.md), with room for the largest request (an Excel export).
 */
export const NODE_FLAGS = ['--max-old-space-size=192', '--max-semi-space-size=4'];

export const SERVER_ARGS = [...NODE_FLAGS, '--import', 'tsx', 'src/server.ts'];
