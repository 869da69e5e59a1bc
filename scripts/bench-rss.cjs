// Preloaded into a measured CLI process (NODE_OPTIONS=--require): on exit, writes its peak
// RSS in bytes to the file named by SMSCTL_BENCH_RSS_FILE. Bench-only.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.SMSCTL_BENCH_RSS_FILE) writeFileSync(process.env.SMSCTL_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
