// Preloaded (`node --import`) into a CLI run by the memory bench: on exit, writes the process's
// peak resident set size to the file RAGSHIP_BENCH_RSS_FILE names.

import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.RAGSHIP_BENCH_RSS_FILE;
  if (file) writeFileSync(file, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
});
