/**
 * FAQ search quality and speed on the shipped content: top-1 and top-3 accuracy over the development
 * set (test/content/devset.ts), the questions missed, and search latency p50/p99 over all of them.
 * Run: npm run bench:faq [-- --reps 200]
 */
import { parseArgs } from 'node:util';
import { buildContentIndex, loadSeedContent } from '../src/content/index.ts';
import { DEVSET, scoreDevset } from '../test/content/devset.ts';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '200' } } });
const REPS = Number(values.reps);

const content = loadSeedContent();
const index = buildContentIndex(content);
const search = (q: string, locale: 'vi' | 'en') => index.faq.search(q, locale, 3).map((h) => h.node.id);

const score = scoreDevset(search);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const answers = content.faq.filter((n) => n.answer).length;

// Latency: every dev question, many repetitions, after a warm-up pass.
for (const d of DEVSET) search(d.q, d.locale ?? 'vi');
const times: number[] = [];
for (let r = 0; r < REPS; r++) {
  for (const d of DEVSET) {
    const t0 = performance.now();
    search(d.q, d.locale ?? 'vi');
    times.push(performance.now() - t0);
  }
}
times.sort((a, b) => a - b);
const quantile = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;

const lines = [
  `FAQ search on the shipped content: ${answers} answers, ${DEVSET.length} development questions`,
  '',
  '| metric | value |',
  '|---|---|',
  `| top-1 | ${pct(score.top1)} (${Math.round(score.top1 * DEVSET.length)}/${DEVSET.length}) |`,
  `| top-3 | ${pct(score.top3)} (${Math.round(score.top3 * DEVSET.length)}/${DEVSET.length}) |`,
  `| latency p50 | ${quantile(0.5).toFixed(3)} ms |`,
  `| latency p99 | ${quantile(0.99).toFixed(3)} ms |`,
  `| searches timed | ${times.length} |`,
  '',
  score.misses.length ? `Missed in the top 3 (${score.misses.length}):` : 'No misses in the top 3.',
  ...score.misses.map((m) => `- "${m.q}" -> expected ${m.expect}, got [${m.got.join(', ')}]`),
];
process.stdout.write(`${lines.join('\n')}\n`);
