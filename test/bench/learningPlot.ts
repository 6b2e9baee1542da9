// The learning curve as an SVG, without dependencies: failed tool calls per session (mean over seeds) for
// each arm, with axes, ticks, labels and a legend.
import * as fs from 'fs';

const COLORS: Record<string, string> = { noMemory: '#d62728', memoryOnly: '#ff7f0e', dream: '#2ca02c', oracle: '#1f77b4' };
const NAMES: Record<string, string> = { noMemory: 'No memory', memoryOnly: 'Memory, no dreaming', dream: 'Memory + dreaming', oracle: 'Oracle' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function learningSvg(series: Record<string, number[]>, note = ''): string {
  const W = 760;
  const H = 420;
  const m = { l: 60, r: 200, t: 40, b: 56 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const n = Math.max(1, ...Object.values(series).map((s) => s.length));
  const maxY = Math.max(1, ...Object.values(series).flat());
  const step = maxY <= 5 ? 1 : maxY <= 10 ? 2 : 5;
  const top = Math.ceil(maxY / step) * step;
  const x = (i: number) => m.l + (n <= 1 ? 0 : (i / (n - 1)) * pw);
  const y = (v: number) => m.t + ph - (v / top) * ph;
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`];
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${m.l}" y="22" font-size="15" font-weight="bold">Failed tool calls per session${note ? ` (${esc(note)})` : ''}</text>`);
  for (let v = 0; v <= top; v += step) {
    out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.l - 8}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  const xStep = n > 20 ? 5 : 1;
  for (let i = 0; i < n; i += xStep) out.push(`<text x="${x(i)}" y="${m.t + ph + 18}" text-anchor="middle">${i}</text>`);
  out.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}" stroke="black"/>`, `<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" stroke="black"/>`);
  out.push(`<text x="${m.l + pw / 2}" y="${H - 14}" text-anchor="middle">Session</text>`);
  out.push(`<text transform="translate(18 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">Failed tool calls (mean over seeds)</text>`);
  let ly = m.t + 10;
  for (const [arm, values] of Object.entries(series)) {
    const color = COLORS[arm] ?? '#555';
    const d = values.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    out.push(`<line x1="${m.l + pw + 16}" x2="${m.l + pw + 40}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="3"/>`);
    out.push(`<text x="${m.l + pw + 46}" y="${ly + 4}">${esc(NAMES[arm] ?? arm)}</text>`);
    ly += 22;
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

export function writeLearningPlot(series: Record<string, number[]>, file: string, info: { seeds: number; dreamEvery: number }): void {
  fs.writeFileSync(file, learningSvg(series, `${info.seeds} seed${info.seeds === 1 ? '' : 's'}, dream every ${info.dreamEvery} session${info.dreamEvery === 1 ? '' : 's'}`));
}
