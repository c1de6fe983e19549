// Original illustrations for the demo outlet, "The Lantern".
//
// Every picture is drawn here as SVG in code: flat, editorial shapes, layered
// gradients and a little texture from repeated shapes. Texture uses a small
// seeded pseudo-random generator, so the same key always yields the same SVG
// (and therefore the same rasterised image). No external fonts or images: the
// only <text> is in the two charts, in the generic 'sans-serif' family.

import type { DemoIllustration } from './types.ts';

// ---------------------------------------------------------------------------
// A tiny SVG toolkit
// ---------------------------------------------------------------------------

type Rng = () => number;
type Attrs = Record<string, string | number | undefined>;
type Stop = [offset: number, color: string, opacity?: number];

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(r: Rng, min: number, max: number): number {
  return min + (max - min) * r();
}

function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

/** Format a number for SVG output: at most one decimal. */
function f(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === 'number' ? f(v) : v}"`;
  }
  return out;
}

function rect(x: number, y: number, w: number, h: number, fill: string, a: Attrs = {}): string {
  return `<rect${attrs({ x, y, width: w, height: h, fill, ...a })}/>`;
}

function circle(cx: number, cy: number, r: number, fill: string, a: Attrs = {}): string {
  return `<circle${attrs({ cx, cy, r, fill, ...a })}/>`;
}

function ellipse(cx: number, cy: number, rx: number, ry: number, fill: string, a: Attrs = {}): string {
  return `<ellipse${attrs({ cx, cy, rx, ry, fill, ...a })}/>`;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, a: Attrs = {}): string {
  return `<line${attrs({ x1, y1, x2, y2, stroke, 'stroke-width': width, 'stroke-linecap': 'round', ...a })}/>`;
}

/** Polygon from a flat list of coordinates: x1, y1, x2, y2, ... */
function poly(pts: number[], fill: string, a: Attrs = {}): string {
  const points: string[] = [];
  for (let i = 0; i + 1 < pts.length; i += 2) points.push(`${f(pts[i])},${f(pts[i + 1])}`);
  return `<polygon${attrs({ points: points.join(' '), fill, ...a })}/>`;
}

function path(d: string, fill: string, a: Attrs = {}): string {
  return `<path${attrs({ d, fill, ...a })}/>`;
}

function g(content: string | string[], a: Attrs = {}): string {
  return `<g${attrs(a)}>${Array.isArray(content) ? content.join('') : content}</g>`;
}

function text(x: number, y: number, s: string, size: number, fill: string, a: Attrs = {}): string {
  const safe = s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<text${attrs({ x, y, 'font-family': 'sans-serif', 'font-size': size, fill, ...a })}>${safe}</text>`;
}

function stops(list: Stop[]): string {
  return list
    .map(([o, c, op]) => `<stop offset="${o}" stop-color="${c}"${op === undefined ? '' : ` stop-opacity="${op}"`}/>`)
    .join('');
}

/** Linear gradient; default runs top to bottom in bounding-box units. */
function lin(id: string, list: Stop[], x1 = 0, y1 = 0, x2 = 0, y2 = 1, a: Attrs = {}): string {
  return `<linearGradient${attrs({ id, x1, y1, x2, y2, ...a })}>${stops(list)}</linearGradient>`;
}

function rad(id: string, list: Stop[], cx = 0.5, cy = 0.5, r = 0.5, a: Attrs = {}): string {
  return `<radialGradient${attrs({ id, cx, cy, r, ...a })}>${stops(list)}</radialGradient>`;
}

function blur(id: string, amount: number): string {
  return `<filter id="${id}" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="${amount}"/></filter>`;
}

function svgDoc(w: number, h: number, defs: string | string[], body: string | string[]): string {
  const d = Array.isArray(defs) ? defs.join('') : defs;
  const b = Array.isArray(body) ? body.join('') : body;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<defs>${d}</defs>${b}</svg>`
  );
}

/** Repeat a shape builder n times and join the results. */
function times(n: number, fn: (i: number) => string): string {
  let out = '';
  for (let i = 0; i < n; i++) out += fn(i);
  return out;
}

// ---------------------------------------------------------------------------
// Shared scenery
// ---------------------------------------------------------------------------

function cloud(x: number, y: number, s: number, fill = '#ffffff', shade = '#dbe6ee', opacity = 1): string {
  return g(
    [
      ellipse(x + 6 * s, y + 10 * s, 124 * s, 26 * s, shade),
      circle(x - 62 * s, y - 6 * s, 40 * s, fill),
      circle(x - 12 * s, y - 30 * s, 58 * s, fill),
      circle(x + 50 * s, y - 14 * s, 45 * s, fill),
      ellipse(x, y, 120 * s, 28 * s, fill),
    ],
    { opacity },
  );
}

function tree(x: number, groundY: number, size: number, r: Rng, greens: readonly string[], light = '#9ccc74'): string {
  const parts = [
    path(
      `M${f(x - size * 0.08)},${f(groundY)} L${f(x - size * 0.05)},${f(groundY - size * 1.3)} ` +
        `L${f(x + size * 0.05)},${f(groundY - size * 1.3)} L${f(x + size * 0.08)},${f(groundY)} Z`,
      '#6b4a32',
    ),
  ];
  const cy = groundY - size * 1.55;
  for (let i = 0; i < 10; i++) {
    const a = r() * Math.PI * 2;
    const d = r() * size * 0.42;
    parts.push(circle(x + Math.cos(a) * d * 1.25, cy + Math.sin(a) * d * 0.85, size * between(r, 0.34, 0.52), pick(r, greens)));
  }
  for (let i = 0; i < 14; i++) {
    const a = between(r, Math.PI * 1.05, Math.PI * 1.75);
    const d = between(r, size * 0.2, size * 0.6);
    parts.push(circle(x + Math.cos(a) * d, cy + Math.sin(a) * d * 0.8, size * between(r, 0.05, 0.11), light, { opacity: 0.55 }));
  }
  return parts.join('');
}

function gull(x: number, y: number, s: number, color: string): string {
  return path(
    `M${f(x - 16 * s)},${f(y)} Q${f(x - 8 * s)},${f(y - 9 * s)} ${f(x)},${f(y)} Q${f(x + 8 * s)},${f(y - 9 * s)} ${f(x + 16 * s)},${f(y)}`,
    'none',
    { stroke: color, 'stroke-width': 3 * s, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' },
  );
}

/** Rain streaks over the whole picture. */
function rain(r: Rng, n: number, w: number, h: number, color: string, maxOpacity: number): string {
  return times(n, () => {
    const x = between(r, -60, w + 60);
    const y = between(r, -60, h);
    const len = between(r, 22, 62);
    return line(x, y, x - len * 0.22, y + len, color, between(r, 1, 2.2), { opacity: between(r, 0.12, maxOpacity) });
  });
}

// ---------------------------------------------------------------------------
// Landscape illustrations, 1600 x 1000
// ---------------------------------------------------------------------------

const W = 1600;
const H = 1000;

function boat(x: number, y: number, s: number, hull: string, trim: string, cabin: string, flip = false): string {
  const body = [
    path('M-132,-36 L130,-46 Q122,-12 96,12 L-100,12 Q-124,-8 -132,-36 Z', hull),
    path('M-132,-36 L130,-46 L128,-36 L-128,-27 Z', trim),
    rect(-40, -94, 84, 58, cabin, { rx: 4 }),
    rect(-30, -84, 24, 18, '#ffe3a8'),
    rect(6, -84, 26, 18, '#ffe3a8'),
    rect(-46, -100, 96, 8, '#3a3340', { rx: 3 }),
    line(-82, -40, -82, -214, '#2e2a36', 5),
    line(-82, -196, 64, -100, '#2e2a36', 2),
    line(-82, -184, -128, -38, '#2e2a36', 2),
    path('M-82,-214 L-46,-204 L-82,-194 Z', '#d8473f'),
  ].join('');
  return g(
    [g(body, { transform: 'translate(0,20) scale(1,-0.7)', opacity: 0.2 }), body],
    { transform: `translate(${f(x)},${f(y)}) scale(${f(flip ? -s : s)},${f(s)})` },
  );
}

function harbourDawn(): string {
  const r = rng(101);
  const horizon = 600;
  const defs = [
    lin('sky', [[0, '#27345f'], [0.38, '#6b5a8e'], [0.72, '#e8937a'], [1, '#ffd59c']]),
    lin('sea', [[0, '#f0a886'], [0.22, '#8c6f90'], [1, '#252f50']]),
    rad('sun', [[0, '#fff6d8', 1], [0.22, '#ffd9a0', 0.75], [1, '#ffb88a', 0]]),
    rad('lamp', [[0, '#fff4c8', 0.95], [1, '#ffd27a', 0]]),
    lin('beam', [[0, '#fff1c8', 0.4], [1, '#fff1c8', 0]], 1, 0, 0, 0),
  ];
  const p: string[] = [rect(0, 0, W, horizon + 2, 'url(#sky)')];

  // Stars fading out at the top of the sky.
  p.push(times(40, () => circle(between(r, 0, W), between(r, 0, 220), between(r, 0.8, 2), '#fff8e8', { opacity: between(r, 0.2, 0.7) })));
  p.push(circle(560, horizon, 420, 'url(#sun)'));
  p.push(circle(560, horizon - 12, 62, '#fff3d6'));
  // Long thin dawn clouds.
  p.push(
    times(12, () => {
      const w = between(r, 160, 440);
      return rect(between(r, -100, W), between(r, 150, 500), w, between(r, 4, 11), pick(r, ['#ffd7b5', '#f4a68c', '#b98aa6']), {
        rx: 5,
        opacity: between(r, 0.3, 0.65),
      });
    }),
  );
  // Headlands.
  p.push(path(`M0,${horizon} L0,536 Q190,496 380,546 T760,560 Q900,542 1040,568 L1100,${horizon} Z`, '#5c4a72', { opacity: 0.85 }));
  p.push(path(`M700,${horizon} Q900,548 1150,562 Q1350,530 1600,546 L1600,${horizon} Z`, '#4a3d63'));

  // Sea, the sun's path and ripples.
  p.push(rect(0, horizon, W, H - horizon, 'url(#sea)'));
  for (let i = 0; i < 44; i++) {
    const w = 40 + i * 7 + between(r, 0, 70);
    p.push(rect(560 - w / 2 + between(r, -25, 25), horizon + 4 + i * 8.5, w, 3 + i * 0.1, '#ffe4b8', { rx: 2, opacity: 0.8 * (1 - i / 44) }));
  }
  for (let i = 0; i < 260; i++) {
    const y = between(r, horizon + 6, H);
    const t = (y - horizon) / (H - horizon);
    p.push(
      rect(between(r, -40, W), y, 10 + t * 80 * r(), 1 + t * 2.5, pick(r, ['#ffffff', '#f7c59f', '#1c2340']), {
        rx: 1,
        opacity: between(r, 0.08, 0.25),
      }),
    );
  }

  // Harbour wall receding to a lighthouse.
  const x0 = 860;
  const x1 = W;
  const topY = (x: number) => 648 + ((x - x0) / (x1 - x0)) * (596 - 648);
  const botY = (x: number) => 684 + ((x - x0) / (x1 - x0)) * (770 - 684);
  p.push(poly([x0, 684, x1, 770, x1, 900, x0, 724], '#221d38', { opacity: 0.35 }));
  p.push(poly([x0, 648, x1, 596, x1, 770, x0, 684], '#5a4c60'));
  for (let row = 0; row < 4; row++) {
    let x = x0;
    if (row % 2) x += 14;
    while (x < x1) {
      const w = 26 + (x - x0) * 0.08 + between(r, 0, 22);
      const xe = Math.min(x + w, x1);
      const at = (xx: number, k: number) => topY(xx) + ((botY(xx) - topY(xx)) * k) / 4;
      p.push(
        poly([x + 2, at(x, row) + 2, xe - 2, at(xe, row) + 2, xe - 2, at(xe, row + 1) - 2, x + 2, at(x, row + 1) - 2], pick(r, ['#6d5d72', '#75647a', '#66566b', '#7c6a7e']), {
          opacity: 0.9,
        }),
      );
      x = xe;
    }
  }
  p.push(poly([x0, 636, x1, 572, x1, 596, x0, 648], '#9a8694'));
  // Lighthouse.
  const lx = 900;
  const half = (y: number) => 11 + ((y - 470) / 175) * 13;
  for (let i = 0; i < 5; i++) {
    const ya = 470 + i * 35;
    const yb = ya + 35;
    p.push(poly([lx - half(ya), ya, lx + half(ya), ya, lx + half(yb), yb, lx - half(yb), yb], i % 2 ? '#f1e4dc' : '#c8424a'));
  }
  p.push(poly([lx + 4, 470, lx + half(470), 470, lx + half(645), 645, lx + 8, 645], '#2a2040', { opacity: 0.25 }));
  p.push(poly([lx - 700, 380, lx, 440, lx, 452, lx - 700, 500], 'url(#beam)'));
  p.push(circle(lx, 445, 70, 'url(#lamp)'));
  p.push(rect(lx - 22, 458, 44, 10, '#2f2637'));
  p.push(rect(lx - 14, 428, 28, 30, '#ffe7a8'));
  p.push(line(lx, 428, lx, 458, '#2f2637', 3));
  p.push(poly([lx - 18, 430, lx + 18, 430, lx, 408], '#2f2637'));

  // Buoys and boats.
  p.push(circle(420, 680, 9, '#e9653f') + circle(1010, 742, 8, '#e9653f') + circle(220, 890, 13, '#e9653f'));
  p.push(boat(640, 700, 0.55, '#2c3e64', '#e6d8c4', '#e6d8c4', true));
  p.push(boat(280, 790, 0.95, '#b8453f', '#f2e4d0', '#f2e4d0'));
  p.push(boat(1180, 880, 1.3, '#2f4a6d', '#f0c65a', '#e9e1d2', true));
  // Gulls.
  p.push(gull(300, 260, 1.2, '#2b2540') + gull(360, 300, 0.9, '#2b2540') + gull(1100, 200, 1, '#2b2540') + gull(1180, 240, 0.7, '#2b2540'));
  return svgDoc(W, H, defs, p);
}

function councilChamber(): string {
  const r = rng(202);
  const defs = [
    lin('wall', [[0, '#efe3cc'], [1, '#d9c4a0']]),
    lin('glass', [[0, '#a9d0ec'], [1, '#eaf4fb']]),
    lin('wood', [[0, '#9a6a40'], [1, '#6e4527']]),
    lin('floor', [[0, '#2f5666'], [1, '#1b3440']]),
    lin('beam', [[0, '#fff8e0', 0.32], [1, '#fff8e0', 0]]),
    rad('glow', [[0, '#fff4cf', 0.9], [1, '#ffe6a0', 0]]),
  ];
  const p: string[] = [rect(0, 0, W, 400, 'url(#wall)'), rect(0, 0, W, 26, '#c7b08a'), rect(0, 26, W, 6, '#b39b73')];
  // Panelled lower wall.
  p.push(rect(0, 280, W, 120, '#7a4e2e'));
  p.push(times(16, (i) => rect(i * 100 + 10, 292, 80, 96, 'none', { stroke: '#5f3a20', 'stroke-width': 3 })));
  p.push(rect(0, 276, W, 8, '#8f6240'));

  // Tall arched windows.
  const winXs = [170, 430, 1170, 1430];
  for (const x of winXs) {
    const w = 130;
    const top = 56;
    const bottom = 262;
    const arch = `M${x - w / 2},${bottom} L${x - w / 2},${top + w / 2} A${w / 2},${w / 2} 0 0 1 ${x + w / 2},${top + w / 2} L${x + w / 2},${bottom} Z`;
    p.push(path(arch, '#f6efe1', { transform: 'translate(0,0)', stroke: '#b9a27c', 'stroke-width': 16 }));
    p.push(path(arch, 'url(#glass)'));
    p.push(line(x, top, x, bottom, '#f6efe1', 5) + line(x - w / 2, 160, x + w / 2, 160, '#f6efe1', 5) + line(x - w / 2, 212, x + w / 2, 212, '#f6efe1', 4));
    p.push(rect(x - w / 2 - 14, bottom, w + 28, 12, '#b9a27c'));
  }
  // Civic crest above the chair.
  p.push(circle(800, 128, 66, '#b8893b') + circle(800, 128, 56, '#1f4e5f'));
  p.push(rect(770, 112, 60, 40, '#d9b45a') + times(3, (i) => rect(764 + i * 28, 92, 16, 30, '#d9b45a')));
  p.push(rect(792, 132, 16, 20, '#1f4e5f', { rx: 8 }));
  p.push(path('M760,168 Q800,186 840,168 L836,178 Q800,196 764,178 Z', '#d9b45a'));

  // Floor with a faint carpet pattern.
  p.push(rect(0, 400, W, 600, 'url(#floor)'));
  for (let y = 420; y < H; y += 40) {
    for (let x = (y / 40) % 2 ? 0 : 30; x < W; x += 60) p.push(poly([x, y - 6, x + 6, y, x, y + 6, x - 6, y], '#ffffff', { opacity: 0.05 }));
  }
  // Light falling from the windows.
  for (const x of winXs) p.push(poly([x - 65, 262, x + 65, 262, x + 340, H, x + 60, H], 'url(#beam)'));

  // Chairperson's high-backed chair.
  p.push(rect(752, 292, 96, 130, '#6b1f2a', { rx: 14 }) + rect(766, 304, 68, 100, '#83303c', { rx: 10 }));

  // Chairs around the horseshoe.
  const cx = 800;
  const cy = 600;
  const chair = (x: number, y: number, s: number) =>
    rect(x - 26 * s, y - 72 * s, 52 * s, 80 * s, '#7b2d3a', { rx: 10 * s }) + rect(x - 18 * s, y - 64 * s, 36 * s, 56 * s, '#8f3a47', { rx: 7 * s });
  for (let i = 0; i <= 12; i++) {
    const t = Math.PI + 0.12 + (i / 12) * (Math.PI - 0.24);
    if (Math.abs(Math.cos(t)) < 0.1) continue;
    p.push(chair(cx + 610 * Math.cos(t), cy + 250 * Math.sin(t) + 4, 1));
  }
  for (const y of [690, 800, 910]) {
    p.push(chair(200, y, 1.15));
    p.push(chair(1400, y, 1.15));
  }

  // The horseshoe table: a dark copy offset downwards reads as its thickness.
  const u = `M240,1010 L240,600 A560,200 0 0 1 1360,600 L1360,1010 L1230,1010 L1230,600 A430,140 0 0 0 370,600 L370,1010 Z`;
  p.push(path(u, '#3e2414', { transform: 'translate(0,30)' }));
  p.push(path(u, 'url(#wood)', { stroke: '#b07d4f', 'stroke-width': 3 }));

  // Papers, microphones and glasses at each place.
  const place = (x: number, y: number, rot: number) =>
    g(
      [
        rect(-22, -14, 40, 28, '#f7f3ea', { transform: `rotate(${f(between(r, -12, 12))})` }),
        line(28, 8, 40, -30, '#222', 3),
        ellipse(41, -33, 5, 7, '#333'),
        rect(-44, -12, 12, 18, '#cfe6f2', { opacity: 0.8, rx: 2 }),
      ],
      { transform: `translate(${f(x)},${f(y)}) rotate(${f(rot)})` },
    );
  for (let i = 0; i <= 12; i++) {
    const t = Math.PI + 0.12 + (i / 12) * (Math.PI - 0.24);
    if (Math.abs(Math.cos(t)) < 0.1) continue;
    p.push(place(cx + 495 * Math.cos(t), cy + 172 * Math.sin(t), 0));
  }
  p.push(place(800, 430, 0));
  for (const y of [700, 810]) {
    p.push(place(305, y, 0));
    p.push(place(1295, y, 0));
  }

  // Pendant lights.
  for (const x of [310, 1290]) {
    p.push(circle(x, 180, 110, 'url(#glow)'));
    p.push(line(x, 0, x, 160, '#3a2a1a', 3) + circle(x, 180, 24, '#fff4cf') + rect(x - 14, 154, 28, 10, '#b8893b', { rx: 3 }));
  }

  // Public gallery railing in the foreground.
  p.push(rect(0, 860, W, 16, '#5a3520', { rx: 4 }));
  p.push(times(40, (i) => rect(i * 40 + 12, 876, 16, 64, '#4a2a18', { rx: 7 })));
  p.push(rect(0, 936, W, 64, '#3b2416'));
  p.push(rect(0, 936, W, 6, '#5a3520'));
  return svgDoc(W, H, defs, p);
}

function busInRain(): string {
  const r = rng(303);
  const defs = [
    lin('sky', [[0, '#121931'], [0.6, '#2b3a5c'], [1, '#48506f']]),
    lin('road', [[0, '#2a2e42'], [1, '#151826']]),
    rad('glow', [[0, '#ffe6a8', 0.9], [0.3, '#ffc46b', 0.35], [1, '#ffb347', 0]]),
    rad('red', [[0, '#ff6b5b', 0.8], [1, '#ff3b3b', 0]]),
    lin('win', [[0, '#ffe9b8'], [1, '#f0c47c']]),
    lin('beamL', [[0, '#fff3c8', 0.5], [1, '#fff3c8', 0]], 370, 0, 0, 0, { gradientUnits: 'userSpaceOnUse' }),
    lin('refl', [[0, '#ffd88a', 0.45], [1, '#ffd88a', 0]]),
    lin('body', [[0, '#24a07f'], [1, '#17735a']]),
  ];
  const p: string[] = [rect(0, 0, W, 720, 'url(#sky)')];

  // City blocks with lit windows.
  let x = -20;
  while (x < W) {
    const w = between(r, 130, 240);
    const h = between(r, 260, 520);
    const top = 700 - h;
    p.push(rect(x, top, w, h, pick(r, ['#20283f', '#262e48', '#1c2338', '#2a2f4a'])));
    if (r() < 0.4) p.push(rect(x + w * 0.6, top - 30, 30, 30, '#1a2033'));
    const cols = Math.floor((w - 30) / 34);
    const rows = Math.floor((h - 40) / 46);
    for (let c = 0; c < cols; c++) {
      for (let k = 0; k < rows; k++) {
        const lit = r() < 0.33;
        p.push(
          rect(x + 18 + c * 34, top + 24 + k * 46, 20, 28, lit ? pick(r, ['#f7d27c', '#f3b860', '#cfe3ff']) : '#161c30', {
            opacity: lit ? 0.85 : 1,
          }),
        );
      }
    }
    x += w;
  }

  // Pavement and road.
  p.push(rect(0, 700, W, 42, '#3a4260') + rect(0, 740, W, 8, '#596285') + rect(0, 748, W, 252, 'url(#road)'));
  p.push(times(8, (i) => rect(i * 220 + 30, 930, 110, 8, '#d9d9c7', { opacity: 0.35 })));

  // Street lamps, with light cones and reflections on the wet road.
  for (const lx of [170, 820, 1470]) {
    p.push(poly([lx + 20, 300, lx + 60, 300, lx + 160, 742, lx - 80, 742], '#ffdf9a', { opacity: 0.08 }));
    p.push(circle(lx + 40, 296, 170, 'url(#glow)'));
    p.push(rect(lx - 6, 296, 12, 406, '#0f131d'));
    p.push(path(`M${lx},300 Q${lx},282 ${lx + 20},284 L${lx + 46},284`, 'none', { stroke: '#0f131d', 'stroke-width': 8 }));
    p.push(ellipse(lx + 40, 290, 32, 10, '#1b1f2b') + ellipse(lx + 40, 298, 22, 6, '#fff1c4'));
    p.push(rect(lx + 14, 752, 52, 248, 'url(#refl)'));
  }

  // The bus, and its reflection.
  const bus: string[] = [];
  bus.push(rect(360, 430, 900, 360, 'url(#body)', { rx: 28 }));
  bus.push(rect(360, 430, 900, 64, '#f1ead6', { rx: 28 }) + rect(360, 470, 900, 24, '#f1ead6'));
  bus.push(rect(360, 720, 900, 62, '#125844', { rx: 14 }));
  bus.push(rect(360, 660, 900, 10, '#f4c542'));
  bus.push(path('M372,500 L470,500 L470,650 L366,650 Q362,560 372,500 Z', 'url(#win)'));
  bus.push(rect(480, 500, 74, 280, '#123c30', { rx: 6 }) + rect(486, 508, 29, 260, 'url(#win)') + rect(519, 508, 29, 260, 'url(#win)'));
  for (let i = 0; i < 5; i++) {
    const wx = 574 + i * 134;
    bus.push(rect(wx, 500, 122, 150, 'url(#win)', { rx: 8 }));
    const n = 1 + Math.floor(r() * 2);
    for (let k = 0; k < n; k++) {
      const hx = wx + between(r, 28, 96);
      bus.push(circle(hx, 584, 18, '#3d3246', { opacity: 0.75 }));
      bus.push(path(`M${f(hx - 34)},650 Q${f(hx - 32)},608 ${f(hx)},606 Q${f(hx + 32)},608 ${f(hx + 34)},650 Z`, '#3d3246', { opacity: 0.75 }));
    }
    bus.push(rect(wx, 500, 122, 150, 'none', { rx: 8, stroke: '#0f3b2f', 'stroke-width': 6 }));
  }
  bus.push(rect(378, 446, 180, 30, '#111', { rx: 5 }));
  bus.push(times(11, (i) => (r() < 0.8 ? rect(388 + i * 15, 453, 10, 16, '#ffb000', { rx: 2 }) : '')));
  bus.push(path('M362,520 L336,516 L336,570 L346,570 L346,530 L362,532 Z', '#0f131d'));
  bus.push(circle(600, 790, 72, '#0d1714') + circle(1090, 790, 72, '#0d1714'));
  for (const wx of [600, 1090]) bus.push(circle(wx, 792, 56, '#1b1b1e') + circle(wx, 792, 26, '#9aa3ad') + circle(wx, 792, 9, '#2a2e35'));
  bus.push(rect(362, 694, 22, 34, '#fff6d0', { rx: 6 }));
  bus.push(rect(1246, 680, 14, 60, '#ff4a3d', { rx: 4 }));
  bus.push(circle(900, 600, 0, 'none'));
  p.push(g(bus.join(''), { transform: 'translate(0,1696) scale(1,-1)', opacity: 0.14 }));
  p.push(poly([372, 712, -20, 630, -20, 900], 'url(#beamL)'));
  p.push(bus.join(''));
  p.push(circle(372, 711, 90, 'url(#glow)'));
  p.push(circle(1253, 710, 60, 'url(#red)'));
  // Puddle splashes and rain.
  p.push(times(70, () => ellipse(between(r, 0, W), between(r, 760, H), between(r, 6, 20), between(r, 1.5, 4), 'none', { stroke: '#cfdcff', 'stroke-width': 1.2, opacity: between(r, 0.15, 0.4) })));
  p.push(rain(r, 520, W, H, '#cfdcff', 0.45));
  return svgDoc(W, H, defs, p);
}

function floodedQuay(): string {
  const r = rng(404);
  const defs = [
    lin('sky', [[0, '#7b8895'], [0.6, '#b7c0c8'], [1, '#d3d8dc']]),
    lin('water', [[0, '#8ca2ae'], [1, '#5e7785']]),
    lin('river', [[0, '#5d7482'], [1, '#34495a']]),
    lin('face', [[0, '#8b8478'], [1, '#5f5a51']]),
    `<clipPath id="road"><rect x="0" y="640" width="${W}" height="140"/></clipPath>`,
  ];
  const p: string[] = [rect(0, 0, W, 660, 'url(#sky)')];
  p.push(times(16, () => {
    const cx = between(r, -100, W + 100);
    const cy = between(r, 40, 260);
    const s = between(r, 1, 2.2);
    return cloud(cx, cy, s, pick(r, ['#9aa5ae', '#a8b2ba', '#c3cad0']), '#8a96a0', 0.7);
  }));

  // Terrace across the flooded street.
  const b: string[] = [];
  let x = -20;
  while (x < W + 20) {
    const w = between(r, 180, 260);
    const h = between(r, 340, 470);
    const top = 640 - h;
    const col = pick(r, ['#c9a66b', '#9db4a8', '#c98474', '#8fa3bf', '#e0d3b8', '#b07a8c', '#a7b98a']);
    b.push(rect(x, top, w, h, col));
    b.push(rect(x + w - 10, top, 10, h, '#000', { opacity: 0.08 }));
    b.push(rect(x - 4, top - 12, w + 8, 14, '#5b5a5e'));
    if (r() < 0.7) b.push(rect(x + between(r, 20, w - 50), top - 44, 28, 32, '#6d5d58'));
    const cols = Math.max(2, Math.floor(w / 72));
    const gap = w / cols;
    for (let row = 0; top + 40 + row * 100 + 60 < 490; row++) {
      for (let c = 0; c < cols; c++) {
        const fx = x + gap * c + gap / 2 - 17;
        const fy = top + 40 + row * 100;
        b.push(rect(fx - 3, fy - 3, 40, 64, '#f3efe6') + rect(fx + 2, fy + 2, 30, 54, '#4f5f6c') + line(fx + 2, fy + 28, fx + 32, fy + 28, '#f3efe6', 3));
      }
    }
    b.push(rect(x + 12, 504, w - 24, 24, pick(r, ['#2e4a3c', '#6b2a2a', '#27344a', '#3b3b3b'])));
    b.push(rect(x + 12, 528, w - 24, 112, '#3d4b55'));
    b.push(rect(x + 22, 540, w - 100, 100, '#8fa6b3') + line(x + 22 + (w - 100) / 2, 540, x + 22 + (w - 100) / 2, 640, '#3d4b55', 4));
    b.push(rect(x + w - 66, 548, 40, 92, '#5a3d33'));
    b.push(times(4, (i) => ellipse(x + w - 58 + (i % 2) * 22, 632 - Math.floor(i / 2) * 12, 14, 7, '#b9a77f', { stroke: '#8f7f5c', 'stroke-width': 1.5 })));
    x += w;
  }
  const buildings = b.join('');
  p.push(buildings);

  // Water lying across the road, mirroring the terrace.
  p.push(rect(0, 636, W, 144, 'url(#water)'));
  p.push(g(g(buildings, { transform: 'translate(0,1280) scale(1,-1)', opacity: 0.28 }), { 'clip-path': 'url(#road)' }));
  p.push(rect(0, 636, W, 6, '#c9d6dc', { opacity: 0.6 }));
  p.push(times(110, () => ellipse(between(r, 0, W), between(r, 646, 770), between(r, 20, 90), between(r, 1.5, 3), 'none', { stroke: '#e6eef2', 'stroke-width': 1.5, opacity: between(r, 0.15, 0.4) })));

  // Lamp posts and a flood warning sign standing in the water.
  for (const lx of [330, 1290]) {
    p.push(rect(lx - 6, 420, 12, 360, '#1f2a33') + rect(lx - 12, 740, 24, 40, '#1f2a33'));
    p.push(path(`M${lx - 20},420 L${lx + 20},420 L${lx + 14},378 L${lx - 14},378 Z`, '#d9dfe0', { stroke: '#1f2a33', 'stroke-width': 5 }));
    p.push(path(`M${lx - 22},378 L${lx + 22},378 L${lx},352 Z`, '#1f2a33'));
    p.push(ellipse(lx, 776, 30, 5, 'none', { stroke: '#e6eef2', 'stroke-width': 2, opacity: 0.6 }));
  }
  p.push(rect(797, 560, 8, 220, '#6e767c'));
  p.push(poly([801, 470, 866, 578, 736, 578], '#ffffff', { stroke: '#c8322d', 'stroke-width': 12, 'stroke-linejoin': 'round' }));
  p.push(path('M772,548 q7,-8 14,0 t14,0 t14,0', 'none', { stroke: '#2a5d8f', 'stroke-width': 5 }));
  p.push(path('M772,532 q7,-8 14,0 t14,0 t14,0', 'none', { stroke: '#2a5d8f', 'stroke-width': 5 }));

  // Quay coping, the wall face and water pouring over it.
  p.push(rect(0, 772, W, 24, '#a39c90'));
  let cx = 0;
  while (cx < W) {
    cx += between(r, 90, 150);
    p.push(line(cx, 772, cx, 796, '#7d776d', 2));
  }
  p.push(path(`M0,770 ${times(32, (i) => `Q${i * 50 + 25},${762 + between(r, -4, 4)} ${i * 50 + 50},770 `)}L${W},780 L0,780 Z`, '#9fb4bf', { opacity: 0.75 }));
  p.push(rect(0, 796, W, 114, 'url(#face)'));
  for (let row = 0; row < 3; row++) {
    let bx = row % 2 ? -60 : 0;
    while (bx < W) {
      const bw = between(r, 90, 160);
      p.push(rect(bx + 2, 800 + row * 36, bw - 4, 32, pick(r, ['#8f887c', '#7f786d', '#968f82', '#857e72']), { rx: 3 }));
      bx += bw;
    }
  }
  p.push(
    times(46, () => {
      const sx = between(r, -20, W);
      const sw = between(r, 16, 70);
      const bend = between(r, 4, 14);
      return path(`M${f(sx)},794 Q${f(sx + bend)},850 ${f(sx + 2)},910 L${f(sx + sw + 2)},910 Q${f(sx + sw + bend)},850 ${f(sx + sw)},794 Z`, '#d8e6ec', {
        opacity: between(r, 0.15, 0.38),
      });
    }),
  );
  p.push(rect(0, 904, W, 96, 'url(#river)'));
  p.push(times(60, () => ellipse(between(r, 0, W), between(r, 906, 916), between(r, 10, 40), between(r, 3, 6), '#ffffff', { opacity: between(r, 0.2, 0.45) })));
  p.push(times(90, () => rect(between(r, 0, W), between(r, 920, H), between(r, 20, 90), 2, '#c8d8e0', { opacity: between(r, 0.1, 0.3), rx: 1 })));

  // Cast-iron bollards half-drowned on the quay.
  for (const bx of [160, 560, 1040, 1460]) {
    p.push(rect(bx - 18, 712, 36, 66, '#1f2226', { rx: 6 }));
    p.push(ellipse(bx, 710, 28, 12, '#2a2e33') + ellipse(bx, 704, 18, 8, '#2a2e33'));
    p.push(rect(bx - 11, 720, 6, 52, '#4a5058', { rx: 3 }));
    p.push(ellipse(bx, 776, 44, 6, 'none', { stroke: '#eef4f6', 'stroke-width': 2, opacity: 0.6 }));
    p.push(ellipse(bx, 778, 66, 9, 'none', { stroke: '#eef4f6', 'stroke-width': 1.5, opacity: 0.3 }));
  }
  p.push(rain(r, 220, W, H, '#eef2f5', 0.35));
  return svgDoc(W, H, defs, p);
}

function housingChart(): string {
  const r = rng(505);
  const defs = [
    lin('bar', [[0, '#3f86b3'], [1, '#2b5c80']]),
    lin('hot', [[0, '#ef6b43'], [1, '#c2401c']]),
    blur('soft', 14),
  ];
  const p: string[] = [rect(0, 0, W, H, '#b98b5e')];
  // Wood grain on the desk.
  for (let i = 0; i < 70; i++) {
    const y = between(r, -20, H + 20);
    const a = between(r, 4, 16);
    p.push(
      path(`M-20,${f(y)} C400,${f(y - a)} 800,${f(y + a)} 1620,${f(y + between(r, -10, 10))}`, 'none', {
        stroke: pick(r, ['#9c6f47', '#c89b6e', '#a87b52']),
        'stroke-width': between(r, 1, 4),
        opacity: 0.5,
      }),
    );
  }

  const sheet: string[] = [];
  sheet.push(rect(214, 128, 1200, 780, '#000', { opacity: 0.35, filter: 'url(#soft)' }));
  sheet.push(rect(200, 110, 1200, 780, '#fbf6ea'));
  sheet.push(times(30, (i) => line(200, 140 + i * 26, 1400, 140 + i * 26, '#b9d3e2', 1, { opacity: 0.35 })));
  sheet.push(times(300, () => circle(between(r, 200, 1400), between(r, 110, 890), between(r, 0.6, 1.6), '#a08a6a', { opacity: 0.12 })));
  sheet.push(circle(1300, 175, 52, 'none', { stroke: '#8a5a2b', 'stroke-width': 6, opacity: 0.14 }));

  // Titles and axes.
  sheet.push(text(330, 200, 'Average monthly rent', 40, '#23272b', { 'font-weight': 700 }));
  sheet.push(text(330, 238, 'Two-bed home, city centre, 2014\u20132024', 24, '#6d6457'));
  const base = 800;
  const top = 300;
  const xa = 340;
  const xb = 1320;
  const yOf = (v: number) => base - (v / 2000) * (base - top);
  for (let v = 0; v <= 2000; v += 500) {
    sheet.push(line(xa, yOf(v), xb, yOf(v), '#cdbfa7', 2, { 'stroke-dasharray': v === 0 ? undefined : '6 8' }));
    sheet.push(text(xa - 16, yOf(v) + 8, `\u20ac${v.toLocaleString('en-IE')}`, 22, '#6d6457', { 'text-anchor': 'end' }));
  }
  const values = [950, 1005, 1080, 1150, 1240, 1320, 1335, 1410, 1520, 1640, 1760];
  const slot = (xb - xa) / values.length;
  const tops: number[] = [];
  values.forEach((v, i) => {
    const bx = xa + slot * i + (slot - 56) / 2;
    const last = i === values.length - 1;
    sheet.push(rect(bx, yOf(v), 56, base - yOf(v), last ? 'url(#hot)' : 'url(#bar)', { rx: 4 }));
    sheet.push(text(bx + 28, base + 34, String(2014 + i), 20, '#4a443b', { 'text-anchor': 'middle' }));
    tops.push(bx + 28, yOf(v));
  });
  sheet.push(line(xa, base, xb, base, '#4a443b', 3));
  sheet.push(
    `<polyline points="${tops.map(f).join(' ')}" fill="none" stroke="#e4572e" stroke-width="4" stroke-linejoin="round" stroke-dasharray="2 0"/>`,
  );
  for (let i = 0; i < tops.length; i += 2) sheet.push(circle(tops[i], tops[i + 1], 7, '#fbf6ea', { stroke: '#e4572e', 'stroke-width': 4 }));
  const lx = tops[tops.length - 2];
  const ly = tops[tops.length - 1];
  sheet.push(rect(lx - 70, ly - 74, 140, 44, '#23272b', { rx: 8 }) + poly([lx - 10, ly - 31, lx + 10, ly - 31, lx, ly - 20], '#23272b'));
  sheet.push(text(lx, ly - 43, '\u20ac1,760', 24, '#ffffff', { 'text-anchor': 'middle', 'font-weight': 700 }));
  sheet.push(text(300, 864, 'Source: The Lantern analysis of listings', 18, '#8a7f70'));
  // A small house symbol beside the title.
  sheet.push(poly([250, 180, 280, 154, 310, 180], '#e4572e') + rect(258, 178, 44, 34, '#e4572e') + rect(274, 192, 12, 20, '#fbf6ea'));
  sheet.push(g([rect(0, 0, 1200, 10, '#000', { opacity: 0 })], {}));
  p.push(g(sheet, { transform: 'rotate(-1.5 800 500)' }));

  // Paper clip, pencil and coffee.
  p.push(path('M520,86 L520,170 Q520,186 536,186 Q552,186 552,170 L552,98 Q552,80 536,80 Q528,80 528,92 L528,160', 'none', { stroke: '#9aa4ad', 'stroke-width': 6, 'stroke-linecap': 'round' }));
  p.push(
    g(
      [
        rect(0, -12, 420, 24, '#f2c230'),
        rect(0, -12, 420, 8, '#f7d862'),
        rect(420, -12, 30, 24, '#c0c4c8'),
        rect(450, -12, 34, 24, '#e88a9a', { rx: 6 }),
        poly([0, -12, -50, 0, 0, 12], '#e8c9a0'),
        poly([-34, -4, -50, 0, -34, 4], '#333'),
      ],
      { transform: 'translate(1080,940) rotate(-16)' },
    ),
  );
  p.push(circle(1478, 152, 120, '#000', { opacity: 0.3, filter: 'url(#soft)' }));
  p.push(circle(1470, 140, 116, '#f4f1ea') + circle(1470, 140, 100, '#e6e1d6'));
  p.push(rect(1540, 118, 70, 40, '#fafafa', { rx: 20 }));
  p.push(circle(1470, 140, 76, '#fafafa') + circle(1470, 140, 62, '#5a3a22') + ellipse(1448, 118, 22, 10, '#8a6448', { opacity: 0.6 }));
  return svgDoc(W, H, defs, p);
}

function arcSegment(cx: number, cy: number, ri: number, ro: number, a0: number, a1: number): string {
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const pt = (rr: number, a: number) => `${f(cx + rr * Math.cos(a))},${f(cy + rr * Math.sin(a))}`;
  return `M${pt(ro, a0)} A${ro},${ro} 0 ${large} 1 ${pt(ro, a1)} L${pt(ri, a1)} A${ri},${ri} 0 ${large} 0 ${pt(ri, a0)} Z`;
}

function budgetPie(): string {
  const r = rng(606);
  const defs = [blur('soft', 16), rad('hole', [[0, '#ffffff'], [1, '#f3efe7']])];
  const p: string[] = [rect(0, 0, W, H, '#e9e2d3')];
  for (let y = 20; y < H; y += 40) for (let x = (y / 40) % 2 ? 20 : 0; x < W; x += 40) p.push(circle(x, y, 2.2, '#cfc4ad', { opacity: 0.6 }));
  p.push(rect(134, 118, 1340, 800, '#3b3226', { rx: 24, opacity: 0.3, filter: 'url(#soft)' }));
  p.push(rect(120, 100, 1360, 800, '#fffdf8', { rx: 24 }));
  p.push(rect(120, 100, 1360, 14, '#264653', { rx: 7 }));
  p.push(text(180, 190, 'Where the city budget goes', 42, '#1f2a30', { 'font-weight': 700 }));
  p.push(text(180, 232, 'Share of council spending, this year', 24, '#6b6a64'));

  const segs: [string, number, string][] = [
    ['Housing', 28, '#e76f51'],
    ['Transport', 18, '#264653'],
    ['Education', 16, '#2a9d8f'],
    ['Health', 13, '#e9c46a'],
    ['Environment', 10, '#8ab17d'],
    ['Culture', 7, '#b5838d'],
    ['Other', 8, '#a3a8ad'],
  ];
  const cx = 520;
  const cy = 560;
  p.push(circle(cx + 10, cy + 16, 292, '#3b3226', { opacity: 0.22, filter: 'url(#soft)' }));
  let a = -Math.PI / 2;
  segs.forEach(([, pct, col], i) => {
    const span = (pct / 100) * Math.PI * 2;
    const mid = a + span / 2;
    const off = i === 0 ? 22 : 0;
    p.push(path(arcSegment(cx + off * Math.cos(mid), cy + off * Math.sin(mid), 150, 290, a, a + span), col, { stroke: '#fffdf8', 'stroke-width': 6, 'stroke-linejoin': 'round' }));
    a += span;
  });
  p.push(circle(cx, cy, 146, 'url(#hole)'));
  p.push(times(24, () => circle(cx + between(r, -90, 90), cy + between(r, -90, 90), between(r, 1, 2), '#e0d8c8', { opacity: 0.5 })));
  p.push(text(cx, cy + 6, '\u20ac412m', 58, '#1f2a30', { 'text-anchor': 'middle', 'font-weight': 700 }));
  p.push(text(cx, cy + 46, 'total budget', 24, '#6b6a64', { 'text-anchor': 'middle' }));

  segs.forEach(([label, pct, col], i) => {
    const y = 310 + i * 78;
    p.push(rect(920, y, 44, 44, col, { rx: 8 }));
    p.push(text(990, y + 32, label, 30, '#2b2f33'));
    p.push(text(1400, y + 32, `${pct}%`, 30, '#1f2a30', { 'text-anchor': 'end', 'font-weight': 700 }));
    if (i < segs.length - 1) p.push(line(920, y + 61, 1400, y + 61, '#e6ded0', 2));
  });
  return svgDoc(W, H, defs, p);
}

function bricks(r: Rng, x0: number, y0: number, w: number, h: number, colors: readonly string[]): string {
  let out = '';
  for (let row = 0, y = y0; y < y0 + h; row++, y += 18) {
    for (let x = x0 - (row % 2 ? 22 : 0); x < x0 + w; x += 44) {
      const xs = Math.max(x, x0);
      const xe = Math.min(x + 41, x0 + w);
      if (xe - xs > 2) out += rect(xs, y, xe - xs, Math.min(15, y0 + h - y), pick(r, colors));
    }
  }
  return out;
}

function child(x: number, y: number, s: number, shirt: string, skin: string, hair: string): string {
  return g(
    [
      line(-7, -40, -12, 0, '#2d3142', 9),
      line(7, -40, 14, 0, '#2d3142', 9),
      path('M-16,-76 Q0,-84 16,-76 L18,-36 L-18,-36 Z', shirt),
      line(-15, -70, -30, -44, shirt, 8),
      line(15, -70, 32, -94, shirt, 8),
      circle(0, -92, 14, skin),
      path('M-14,-94 Q-12,-110 0,-108 Q14,-110 14,-94 Q6,-102 -14,-94 Z', hair),
    ],
    { transform: `translate(${f(x)},${f(y)}) scale(${f(s)})` },
  );
}

function schoolYard(): string {
  const r = rng(707);
  const defs = [
    lin('sky', [[0, '#7fbde6'], [1, '#e3f2fb']]),
    lin('glass', [[0, '#5d86a6'], [1, '#a9c9de']]),
    lin('yard', [[0, '#8f9198'], [1, '#74767d']]),
  ];
  const p: string[] = [rect(0, 0, W, 720, 'url(#sky)')];
  p.push(cloud(260, 140, 1.1) + cloud(1240, 110, 1.4) + cloud(820, 70, 0.7));
  // Trees behind the school.
  p.push(times(26, (i) => circle(i * 66 + between(r, -10, 10), 640 - between(r, 0, 60), between(r, 50, 80), pick(r, ['#3f7541', '#4f8a4b', '#376a3a']))));
  p.push(rect(0, 640, W, 80, '#6fa35b'));

  const brick = ['#b5543a', '#a94c34', '#bf6045', '#b04f37', '#c4684c'];
  // Main block and the taller centre block.
  p.push(rect(260, 300, 1080, 400, '#d6b7a2'));
  p.push(bricks(r, 260, 300, 1080, 400, brick));
  p.push(poly([236, 304, 1364, 304, 1320, 246, 280, 246], '#4f5663'));
  p.push(rect(232, 298, 1136, 10, '#e8dcc2'));
  p.push(rect(650, 210, 300, 490, '#d6b7a2') + bricks(r, 650, 210, 300, 490, brick));
  p.push(poly([630, 216, 970, 216, 800, 118], '#e8dcc2') + poly([660, 206, 940, 206, 800, 134], '#b04f37'));
  p.push(rect(788, 70, 24, 60, '#e8dcc2') + poly([776, 74, 824, 74, 800, 44], '#4f5663'));
  p.push(circle(800, 176, 26, '#fffaf0', { stroke: '#4f5663', 'stroke-width': 5 }) + line(800, 176, 800, 160, '#2d3142', 3) + line(800, 176, 812, 180, '#2d3142', 3));
  p.push(rect(640, 404, 320, 12, '#e8dcc2') + rect(250, 500, 1100, 10, '#e8dcc2'));

  const win = (x: number, y: number, w: number, h: number) =>
    rect(x - 6, y - 6, w + 12, h + 12, '#eadfca') +
    rect(x, y, w, h, 'url(#glass)') +
    line(x + w / 2, y, x + w / 2, y + h, '#fffaf0', 4) +
    line(x, y + h * 0.4, x + w, y + h * 0.4, '#fffaf0', 4) +
    poly([x + 6, y + h - 10, x + w * 0.4, y + 6, x + w * 0.55, y + 6, x + 14, y + h - 10], '#ffffff', { opacity: 0.18 }) +
    rect(x - 10, y + h + 4, w + 20, 8, '#d9ccb2');
  for (const y of [340, 550]) {
    for (let x = 300; x < 620; x += 112) p.push(win(x, y, 78, 110));
    for (let x = 1000; x < 1320; x += 112) p.push(win(x, y, 78, 110));
  }
  p.push(win(700, 250, 80, 120) + win(820, 250, 80, 120));
  // Front door with steps.
  p.push(rect(722, 512, 156, 10, '#e8dcc2'));
  p.push(path('M736,700 L736,590 A64,64 0 0 1 864,590 L864,700 Z', '#e8dcc2'));
  p.push(path('M748,700 L748,592 A52,52 0 0 1 852,592 L852,700 Z', '#2f6b4f'));
  p.push(line(800, 546, 800, 700, '#234f3a', 4) + rect(760, 620, 30, 60, 'none', { stroke: '#234f3a', 'stroke-width': 3 }) + rect(810, 620, 30, 60, 'none', { stroke: '#234f3a', 'stroke-width': 3 }));
  p.push(rect(716, 700, 168, 12, '#d9ccb2') + rect(700, 712, 200, 12, '#cbbd9f'));

  // Yard with painted games.
  p.push(rect(0, 720, W, 280, 'url(#yard)'));
  p.push(times(600, () => circle(between(r, 0, W), between(r, 722, H), between(r, 0.8, 2), pick(r, ['#a7a9af', '#6a6c72']), { opacity: 0.5 })));
  const hop = { stroke: '#f6d55c', 'stroke-width': 5, fill: 'none' };
  p.push(g([rect(0, 0, 70, 56, 'none'), rect(0, 56, 70, 56, 'none'), rect(-35, 112, 70, 56, 'none'), rect(35, 112, 70, 56, 'none'), rect(0, 168, 70, 56, 'none')], { ...hop, transform: 'translate(260,740) scale(1,0.55)' }));
  p.push(ellipse(560, 880, 120, 42, 'none', { stroke: '#ffffff', 'stroke-width': 5, opacity: 0.8 }) + ellipse(560, 880, 40, 14, 'none', { stroke: '#ffffff', 'stroke-width': 5, opacity: 0.8 }));
  // Basketball hoop.
  p.push(rect(1406, 520, 14, 340, '#3b4a5a') + rect(1352, 468, 110, 74, '#ffffff', { stroke: '#3b4a5a', 'stroke-width': 5 }) + rect(1390, 498, 34, 26, 'none', { stroke: '#e76f51', 'stroke-width': 4 }));
  p.push(ellipse(1407, 548, 28, 7, 'none', { stroke: '#e76f51', 'stroke-width': 5 }) + times(5, (i) => line(1383 + i * 12, 550, 1388 + i * 9, 584, '#f4f4f4', 2)));
  // Trees in the yard.
  p.push(tree(110, 760, 170, r, ['#4f8a4b', '#5f9e57', '#3f7541']));
  p.push(tree(1520, 780, 150, r, ['#6a9a3f', '#7fae4f', '#58853a']));
  p.push(ellipse(110, 765, 110, 16, '#000', { opacity: 0.15 }) + ellipse(1520, 785, 100, 14, '#000', { opacity: 0.15 }));
  // Children at play.
  p.push(child(340, 830, 1.3, '#e76f51', '#f1c9a5', '#4a2f1d'));
  p.push(child(640, 860, 1.25, '#2a9d8f', '#8d5a3b', '#1d1d1d'));
  p.push(child(1180, 840, 1.2, '#f4a261', '#e0ac82', '#c46a2c'));
  p.push(child(1060, 900, 1.35, '#5e60ce', '#c58c62', '#2b1b12'));
  p.push(circle(1110, 895, 12, '#e9c46a'));
  // Bench and low railings.
  p.push(rect(180, 880, 160, 12, '#8a5a34') + rect(180, 860, 160, 10, '#8a5a34') + rect(190, 892, 8, 30, '#3b4a5a') + rect(322, 892, 8, 30, '#3b4a5a'));
  p.push(rect(0, 944, W, 8, '#2d4739'));
  p.push(times(58, (i) => rect(i * 28 + 6, 944, 6, 56, '#2d4739') + poly([i * 28 + 3, 946, i * 28 + 9, 932, i * 28 + 15, 946], '#2d4739')));
  return svgDoc(W, H, defs, p);
}

function newsroomDesk(): string {
  const r = rng(808);
  const defs = [
    lin('sky', [[0, '#cfe4f2'], [1, '#f7efe2']]),
    lin('floor', [[0, '#8a8f96'], [1, '#6b7078']]),
    lin('desk', [[0, '#dcc095'], [1, '#c9a676']]),
    rad('warm', [[0, '#fff0c2', 0.7], [1, '#ffe3a0', 0]]),
    rad('pend', [[0, '#fff3cf', 0.8], [1, '#fff3cf', 0]]),
  ];
  const p: string[] = [rect(0, 0, W, 640, '#e9e4da'), rect(0, 60, W, 470, 'url(#sky)')];
  // Skyline outside the window.
  let x = 0;
  while (x < W) {
    const w = between(r, 70, 160);
    const h = between(r, 90, 300);
    const col = pick(r, ['#a9c1d3', '#9bb4c8', '#b8cad8']);
    p.push(rect(x, 530 - h, w, h, col));
    for (let k = 0; k < Math.floor(h / 30) - 1; k++) p.push(rect(x + 10, 530 - h + 14 + k * 30, w - 20, 8, '#d9e6ef', { opacity: 0.6 }));
    x += w + between(r, 0, 20);
  }
  p.push(times(9, (i) => rect(i * 200 - 7, 60, 14, 470, '#3a4450')) + rect(0, 290, W, 8, '#3a4450') + rect(0, 52, W, 12, '#3a4450'));
  p.push(rect(0, 520, W, 18, '#cfc8bb'));
  // Pendant lights.
  for (const lx of [300, 800, 1300]) {
    p.push(circle(lx, 140, 120, 'url(#pend)'));
    p.push(line(lx, 0, lx, 100, '#2f3b45', 3) + path(`M${lx - 16},100 L${lx + 16},100 L${lx + 46},140 L${lx - 46},140 Z`, '#2f3b45') + ellipse(lx, 140, 46, 6, '#fff3cf'));
  }

  // Back row of desks with colleagues.
  p.push(rect(0, 640, W, 360, 'url(#floor)'));
  p.push(rect(0, 588, W, 14, '#b89d77') + rect(0, 602, W, 40, '#8f7a5c'));
  for (let mx = 40; mx < W; mx += 190) {
    p.push(rect(mx, 520, 96, 62, '#22292f', { rx: 4 }) + rect(mx + 5, 525, 86, 50, pick(r, ['#7fb3d5', '#a8d5ba', '#f2e3c6', '#cfd8e3'])) + rect(mx + 42, 582, 12, 8, '#22292f'));
    if (r() < 0.65) {
      const hx = mx + 130;
      p.push(circle(hx, 540, 17, pick(r, ['#3e2b22', '#7a5236', '#1f1a17', '#c48a57'])));
      p.push(path(`M${hx - 30},600 Q${hx - 28},562 ${hx},560 Q${hx + 28},562 ${hx + 30},600 Z`, pick(r, ['#3d5a80', '#e07a5f', '#81b29a', '#6d597a'])));
    }
  }

  // Foreground desk.
  p.push(poly([60, 770, 1540, 770, 1600, 900, 0, 900], 'url(#desk)'));
  p.push(rect(0, 900, W, 100, '#a8865e') + rect(0, 900, W, 6, '#8c6c48'));
  p.push(circle(440, 700, 260, 'url(#warm)'));
  p.push(ellipse(470, 812, 210, 44, '#fff2c6', { opacity: 0.45 }));
  // Monitor with a Lantern front page.
  p.push(ellipse(800, 782, 96, 14, '#2a2f35') + rect(786, 690, 28, 92, '#3a4047'));
  p.push(rect(520, 370, 560, 330, '#1e2329', { rx: 14 }) + rect(536, 386, 528, 290, '#f8f6f1'));
  p.push(rect(536, 386, 528, 34, '#1d3557') + circle(560, 403, 9, '#f2c230') + rect(578, 397, 120, 12, '#f8f6f1', { rx: 6 }));
  p.push(rect(556, 436, 300, 16, '#2b2f33', { rx: 4 }) + rect(556, 460, 240, 16, '#2b2f33', { rx: 4 }));
  p.push(rect(556, 490, 300, 120, '#9cc9e6') + circle(800, 520, 18, '#fff1c1') + path('M556,610 L556,580 Q630,548 700,584 Q780,560 856,590 L856,610 Z', '#5b9a6b'));
  p.push(times(4, (i) => rect(556, 622 + i * 12, i === 3 ? 180 : 300, 6, '#b9b9b9', { rx: 3 })));
  p.push(times(11, (i) => rect(880, 440 + i * 20, i % 4 === 0 ? 130 : 160, i % 4 === 0 ? 10 : 6, i % 4 === 0 ? '#2b2f33' : '#c4c4c4', { rx: 3 })));
  p.push(rect(1046, 402, 30, 30, '#ffe66d', { transform: 'rotate(8 1061 417)' }) + rect(1050, 440, 28, 28, '#ff9fb2', { transform: 'rotate(-6 1064 454)' }));
  // Keyboard and mouse.
  p.push(poly([610, 804, 990, 804, 1010, 856, 590, 856], '#e9e9ea'));
  for (let k = 0; k < 4; k++) {
    const y = 810 + k * 11;
    const inset = 20 - k * 4;
    p.push(times(16, (i) => rect(610 - k * 5 + inset + i * 23.5, y, 19, 8, '#c9cacc', { rx: 2 })));
  }
  p.push(ellipse(1080, 836, 22, 32, '#e9e9ea') + line(1080, 806, 1080, 822, '#c9cacc', 2));
  // Desk lamp.
  p.push(ellipse(270, 806, 72, 16, '#1f3b4d') + line(270, 800, 330, 620, '#1f3b4d', 12) + line(330, 620, 440, 560, '#1f3b4d', 12) + circle(330, 620, 12, '#2f5670'));
  p.push(g([path('M-32,0 L32,0 L60,66 L-60,66 Z', '#1f3b4d'), ellipse(0, 66, 60, 12, '#fff3c4')], { transform: 'translate(450,548) rotate(18)' }));
  // Notebook, pen, papers and mug.
  p.push(rect(0, 0, 190, 130, '#2a9d8f', { rx: 8, transform: 'translate(370,836) rotate(-6)' }));
  p.push(rect(0, 0, 12, 130, '#1f766b', { transform: 'translate(370,836) rotate(-6)' }));
  p.push(line(420, 930, 540, 884, '#1d3557', 6));
  for (let i = 0; i < 5; i++) {
    const ang = between(r, -9, 9);
    const papers = [rect(0, 0, 220, 150, pick(r, ['#ffffff', '#f7f3ea', '#fdfaf2']), { stroke: '#d8d2c2', 'stroke-width': 1 })];
    for (let k = 0; k < 7; k++) papers.push(rect(18, 20 + k * 17, k === 0 ? 140 : between(r, 120, 184), k === 0 ? 9 : 5, k === 0 ? '#3a3a3a' : '#b8b8b8', { rx: 2 }));
    p.push(g(papers, { transform: `translate(${f(1170 + i * 3)},${f(780 - i * 8)}) rotate(${f(ang)})` }));
  }
  p.push(rect(1230, 736, 200, 30, '#1d3557', { transform: 'rotate(-4 1330 750)' }));
  p.push(path('M1450,744 L1450,836 Q1450,852 1466,852 L1514,852 Q1530,852 1530,836 L1530,744 Z', '#e76f51'));
  p.push(path('M1530,764 Q1566,764 1564,796 Q1562,824 1530,822', 'none', { stroke: '#e76f51', 'stroke-width': 10 }));
  p.push(ellipse(1490, 744, 40, 8, '#5a3a22'));
  p.push(path('M1476,728 q-12,-20 0,-40 t0,-40', 'none', { stroke: '#ffffff', 'stroke-width': 4, opacity: 0.5 }) + path('M1502,724 q-12,-20 0,-40 t0,-40', 'none', { stroke: '#ffffff', 'stroke-width': 4, opacity: 0.4 }));
  return svgDoc(W, H, defs, p);
}

function house(r: Rng, x: number, baseY: number, w: number, h: number, col: string): string {
  const top = baseY - h;
  const out = [
    poly([x - 3, top + 2, x + w + 3, top + 2, x + w - 6, top - h * 0.26, x + 6, top - h * 0.26], pick(r, ['#4a5160', '#5b4f4a', '#3f4756', '#6b5e5a'])),
    rect(x, top, w, h, col),
    rect(x + w - w * 0.1, top, w * 0.1, h, '#000', { opacity: 0.1 }),
  ];
  if (r() < 0.6) out.push(rect(x + between(r, 6, w - 22), top - h * 0.26 - 12, 14, 20, '#7a6a60'));
  const rows = Math.max(1, Math.floor((h - 10) / 34));
  const cols = w > 90 ? 3 : 2;
  for (let k = 0; k < rows; k++) {
    for (let c = 0; c < cols; c++) {
      const wx = x + ((c + 0.5) * w) / cols - 7;
      const wy = top + 10 + k * 34;
      if (k === rows - 1 && c === 0) {
        out.push(rect(wx - 1, baseY - 28, 16, 28, pick(r, ['#1d3557', '#c1121f', '#2a9d8f', '#f4a261', '#3a3a3a'])));
        continue;
      }
      out.push(rect(wx - 2, wy - 2, 18, 22, '#fffaf0') + rect(wx, wy, 14, 18, '#4b6a84'));
    }
  }
  return out.join('');
}

function coastalTown(): string {
  const r = rng(909);
  const defs = [
    lin('sky', [[0, '#8fcbe6'], [1, '#fdf6e3']]),
    lin('sea', [[0, '#3d8fb0'], [1, '#1d5877']]),
    lin('hill', [[0, '#7fb069'], [1, '#5c8f4a']]),
    rad('sun', [[0, '#fff8dc', 1], [0.3, '#fff1c1', 0.6], [1, '#fff1c1', 0]]),
  ];
  const p: string[] = [rect(0, 0, W, 800, 'url(#sky)')];
  p.push(circle(1320, 150, 200, 'url(#sun)') + circle(1320, 150, 50, '#fff8dc'));
  p.push(cloud(280, 120, 1) + cloud(760, 80, 0.7) + cloud(1500, 300, 0.8));
  // Distant headland across the bay.
  p.push(path('M1000,780 Q1180,640 1400,660 Q1520,670 1600,640 L1600,790 Z', '#8db3c2'));
  // The hill.
  const hy = (x: number) => 210 + 440 * Math.pow(Math.max(0, x) / 1600, 1.6);
  let d = `M0,${f(hy(0))}`;
  for (let x = 40; x <= 1600; x += 40) d += ` L${x},${f(hy(x))}`;
  p.push(path(`${d} L1600,800 L0,800 Z`, 'url(#hill)'));
  p.push(times(60, () => {
    const x = between(r, 0, 1560);
    return circle(x, hy(x) + between(r, 4, 40), between(r, 14, 30), pick(r, ['#4f8a4b', '#5f9e57', '#3f7541']));
  }));

  // Rows of houses from the top of the hill down to the harbour.
  const palette = ['#e63946', '#f1c453', '#2a9d8f', '#f4a261', '#8ecae6', '#ffafcc', '#90be6d', '#f8f4e3', '#577590', '#f07167', '#a8dadc'];
  for (let k = 6; k >= 0; k--) {
    const baseY = 770 - k * 72;
    let x = between(r, -40, 0);
    while (x < W) {
      const w = k === 0 ? between(r, 80, 120) : between(r, 62, 100);
      const h = k === 0 ? between(r, 110, 150) : between(r, 62, 90);
      if (hy(x + w) < baseY - h * 1.3 - 8) {
        if (k === 3 && x > 420 && x < 560) {
          // The church.
          p.push(rect(x, baseY - 120, 130, 120, '#ece6d6') + poly([x - 4, baseY - 118, x + 134, baseY - 118, x + 65, baseY - 170], '#4a5160'));
          p.push(rect(x + 96, baseY - 240, 40, 240, '#ece6d6') + poly([x + 92, baseY - 238, x + 140, baseY - 238, x + 116, baseY - 330], '#4a5160'));
          p.push(path(`M${x + 20},${baseY} L${x + 20},${baseY - 60} A14,14 0 0 1 ${x + 48},${baseY - 60} L${x + 48},${baseY} Z`, '#5b4f4a'));
          p.push(rect(x + 108, baseY - 200, 16, 30, '#4b6a84', { rx: 8 }));
          x += 150;
          continue;
        }
        if (k > 0 && r() < 0.12) {
          p.push(tree(x + w / 2, baseY, 34, r, ['#4f8a4b', '#3f7541'], '#8cc06f'));
        } else {
          p.push(house(r, x, baseY, w, h, pick(r, palette)));
        }
      }
      x += w + (k === 0 ? 0 : between(r, 0, 12));
    }
    if (k > 0) p.push(rect(0, baseY, W * Math.pow((baseY - 216) / 440, 1 / 1.6), 6, '#6d9a58', { opacity: 0.6 }));
  }

  // Harbour wall and sea.
  p.push(rect(0, 770, W, 26, '#8c8a84') + rect(0, 770, W, 6, '#aaa79f'));
  p.push(rect(0, 796, W, 204, 'url(#sea)'));
  p.push(times(170, () => {
    const y = between(r, 800, H);
    return rect(between(r, 0, W), y, between(r, 10, 50) * (1 + (y - 800) / 150), 2.5, '#ffffff', { opacity: between(r, 0.12, 0.35), rx: 1 });
  }));
  const smallBoat = (bx: number, by: number, s: number, col: string) =>
    g([path('M-50,0 L50,0 L38,18 L-40,18 Z', col), rect(-14, -20, 30, 20, '#f8f4e3'), line(-24, 0, -24, -70, '#3a3a3a', 3), poly([-22, -66, 10, -14, -22, -14], '#fffaf0')], {
      transform: `translate(${bx},${by}) scale(${s})`,
    });
  p.push(smallBoat(380, 880, 1.1, '#c1121f') + smallBoat(900, 930, 1.4, '#1d3557') + smallBoat(1300, 850, 0.8, '#f4a261'));
  p.push(gull(600, 220, 1, '#3a3a3a') + gull(650, 250, 0.8, '#3a3a3a'));
  return svgDoc(W, H, defs, p);
}

function marcher(x: number, baseY: number, s: number, col: string, r: Rng): string {
  const out = [
    path(
      `M${f(x - 62 * s)},${f(baseY + 400)} L${f(x - 62 * s)},${f(baseY + 40 * s)} Q${f(x - 60 * s)},${f(baseY - 12 * s)} ${f(x - 20 * s)},${f(baseY - 18 * s)} ` +
        `L${f(x + 20 * s)},${f(baseY - 18 * s)} Q${f(x + 60 * s)},${f(baseY - 12 * s)} ${f(x + 62 * s)},${f(baseY + 40 * s)} L${f(x + 62 * s)},${f(baseY + 400)} Z`,
      col,
    ),
    rect(x - 11 * s, baseY - 40 * s, 22 * s, 28 * s, col),
    circle(x, baseY - 56 * s, 28 * s, col),
  ];
  const v = r();
  if (v < 0.18) out.push(circle(x - 4 * s, baseY - 88 * s, 13 * s, col));
  else if (v < 0.32) out.push(path(`M${f(x - 30 * s)},${f(baseY - 58 * s)} Q${f(x)},${f(baseY - 100 * s)} ${f(x + 30 * s)},${f(baseY - 58 * s)} L${f(x + 44 * s)},${f(baseY - 56 * s)} Z`, col));
  else if (v < 0.45) out.push(path(`M${f(x - 26 * s)},${f(baseY - 60 * s)} Q${f(x - 44 * s)},${f(baseY - 10 * s)} ${f(x - 34 * s)},${f(baseY + 10 * s)} L${f(x - 20 * s)},${f(baseY - 30 * s)} Z`, col));
  return out.join('');
}

function protestPlacards(): string {
  const r = rng(1010);
  const defs = [lin('sky', [[0, '#fbe3c4'], [1, '#f3a98c']])];
  const p: string[] = [rect(0, 0, W, H, 'url(#sky)')];
  p.push(circle(1200, 260, 90, '#fff2d8', { opacity: 0.7 }));
  // City hall in the background.
  p.push(rect(0, 420, 260, 580, '#e7b9a3') + rect(1340, 380, 260, 620, '#e7b9a3') + rect(240, 470, 140, 530, '#ecc6b1') + rect(1220, 450, 140, 550, '#ecc6b1'));
  p.push(rect(440, 300, 720, 700, '#f0cdb9') + poly([420, 304, 1180, 304, 800, 170], '#f0cdb9') + poly([470, 290, 1130, 290, 800, 196], '#e9bda6'));
  p.push(times(8, (i) => rect(490 + i * 86, 340, 30, 400, '#f7dccb') + rect(482 + i * 86, 330, 46, 14, '#e4b39d')));
  p.push(rect(430, 320, 740, 14, '#e4b39d') + circle(800, 250, 26, '#f7dccb'));
  p.push(rect(300, 200, 4, 140, '#b07a6a') + path('M304,204 L380,214 L304,234 Z', '#2a9d8f'));

  // Four layers of marchers; the sky colour hazes the ones behind.
  const layers = [
    { s: 0.62, y: 690, cols: ['#b97f8c', '#c08a8a', '#b0798f'], odds: 0.3 },
    { s: 0.8, y: 760, cols: ['#8c5a77', '#955f70', '#7f5679'], odds: 0.28 },
    { s: 1.0, y: 850, cols: ['#5e3d63', '#66405e', '#553a66'], odds: 0.3 },
    { s: 1.25, y: 950, cols: ['#34254a', '#3a2846', '#2e2448'], odds: 0.4 },
  ];
  const boards = ['#fffaf0', '#ffe066', '#ff8fab', '#9bf6ff', '#caffbf', '#ffffff', '#ffd6a5'];
  layers.forEach((L, li) => {
    const spacing = 112 * L.s;
    const people: string[] = [];
    const signs: string[] = [];
    for (let x = between(r, -40, 0); x < W + 60; x += spacing * between(r, 0.85, 1.15)) {
      const px = x;
      const py = L.y + between(r, -12, 12) * L.s;
      const col = pick(r, L.cols);
      people.push(marcher(px, py, L.s, col, r));
      if (r() < L.odds) {
        const side = r() < 0.5 ? -1 : 1;
        const sx = px + side * 40 * L.s;
        const topY = py - 250 * L.s;
        const ang = between(r, -8, 8);
        const bw = between(r, 140, 190) * L.s;
        const bh = between(r, 90, 120) * L.s;
        signs.push(line(px + side * 30 * L.s, py - 4 * L.s, sx, py - 120 * L.s, col, 16 * L.s));
        signs.push(line(sx, py - 40 * L.s, sx, topY, '#8a6a4a', 7 * L.s));
        signs.push(
          g(
            [
              rect(-bw / 2 + 6 * L.s, -bh / 2 + 8 * L.s, bw, bh, '#000', { opacity: 0.15 }),
              rect(-bw / 2, -bh / 2, bw, bh, pick(r, boards), { rx: 4 }),
            ],
            { transform: `translate(${f(sx)},${f(topY - bh / 2 + 10)}) rotate(${f(ang)})` },
          ),
        );
      }
    }
    p.push(people.join('') + signs.join(''));
    if (li < layers.length - 1) p.push(rect(0, 0, W, H, '#f6c1a5', { opacity: 0.14 }));
  });
  return svgDoc(W, H, defs, p);
}

function libraryShelves(): string {
  const r = rng(1111);
  const defs = [
    rad('warm', [[0, '#ffd79a', 0.35], [1, '#ffd79a', 0]], 0.3, 0.25, 0.6),
    rad('vig', [[0.55, '#1a0f08', 0], [1, '#1a0f08', 0.6]], 0.5, 0.5, 0.75),
    lin('floor', [[0, '#7a4b2a'], [1, '#5a341c']]),
  ];
  const p: string[] = [rect(0, 0, W, H, '#3a2417')];
  const posts = [40, 540, 1040, 1540];
  const spines = ['#8c2f39', '#b23a48', '#461220', '#3d5a80', '#98c1d9', '#293241', '#ee6c4d', '#6a994e', '#a7c957', '#f2e8cf', '#bc4749', '#d4a373', '#ccd5ae', '#e9c46a', '#264653', '#7b506f'];
  const shelfTop = 92;
  const pitch = 118;
  for (let b = 0; b < 3; b++) {
    const bx = posts[b] + 30;
    const bw = posts[b + 1] - bx;
    p.push(rect(bx, shelfTop - 10, bw, 7 * pitch + 10, '#2a190f'));
    for (let s = 0; s < 7; s++) {
      const floorY = shelfTop + s * pitch + 104;
      let x = bx + 4;
      while (x < bx + bw - 12) {
        const v = r();
        if (v < 0.05) {
          // A short stack lying flat.
          const n = 2 + Math.floor(r() * 3);
          const sw = between(r, 60, 84);
          if (x + sw > bx + bw - 4) break;
          for (let k = 0; k < n; k++) p.push(rect(x + between(r, 0, 6), floorY - (k + 1) * 14, sw - 6, 13, pick(r, spines), { rx: 2 }));
          x += sw + 4;
          continue;
        }
        if (v < 0.09) {
          const lw = between(r, 16, 26);
          const lh = between(r, 74, 96);
          p.push(rect(x + 10, floorY - lh, lw, lh, pick(r, spines), { transform: `rotate(14 ${f(x + 10)} ${f(floorY)})` }));
          x += 34;
          continue;
        }
        const bwid = between(r, 14, 32);
        const bh = between(r, 66, 98);
        if (x + bwid > bx + bw - 4) break;
        const col = pick(r, spines);
        p.push(rect(x, floorY - bh, bwid, bh, col));
        p.push(rect(x, floorY - bh + 8, bwid, 4, '#000', { opacity: 0.25 }) + rect(x, floorY - 14, bwid, 4, '#000', { opacity: 0.25 }));
        if (r() < 0.4) p.push(rect(x + 3, floorY - bh + 22, bwid - 6, 14, '#f2e8cf', { opacity: 0.75 }));
        if (r() < 0.3) p.push(rect(x + bwid - 4, floorY - bh, 4, bh, '#ffffff', { opacity: 0.12 }));
        x += bwid + between(r, 0, 2);
      }
      p.push(rect(bx, floorY, bw, 14, '#6d4428') + rect(bx, floorY, bw, 3, '#8f6038'));
    }
  }
  for (const x of posts) p.push(rect(x, 60, 30, 880, '#5e3a22') + rect(x + 4, 60, 6, 880, '#7a4e2e'));
  p.push(rect(0, 40, W, 46, '#5e3a22') + rect(0, 40, W, 8, '#7a4e2e') + rect(0, 80, W, 6, '#4a2c18'));
  // Brass rail and rolling ladder.
  p.push(rect(20, 96, 1560, 7, '#d6b25a'));
  p.push(rect(0, 930, W, 70, 'url(#floor)'));
  p.push(times(12, (i) => line(i * 140 + between(r, 0, 40), 930, i * 140, 1000, '#3f2414', 2)));
  const ladder = (t: number, side: number) => [1080 + side * 96 + t * 130, 100 + t * 836] as const;
  p.push(ellipse(1200, 946, 140, 12, '#000', { opacity: 0.3 }));
  for (let k = 1; k < 14; k++) {
    const t = k / 14;
    const [ax, ay] = ladder(t, 0);
    const [bx2, by2] = ladder(t, 1);
    p.push(line(ax, ay, bx2, by2, '#8a5a34', 9, { 'stroke-linecap': 'butt' }));
  }
  p.push(line(1080, 96, 1210, 936, '#a06a3c', 14) + line(1176, 96, 1306, 936, '#a06a3c', 14));
  p.push(path('M1072,110 Q1072,92 1090,92', 'none', { stroke: '#d6b25a', 'stroke-width': 6 }) + path('M1168,110 Q1168,92 1186,92', 'none', { stroke: '#d6b25a', 'stroke-width': 6 }));
  p.push(circle(1212, 944, 14, '#d6b25a') + circle(1308, 944, 14, '#d6b25a'));
  // A reading chair and lamp.
  p.push(ellipse(290, 990, 220, 22, '#000', { opacity: 0.3 }));
  p.push(path('M150,990 L150,860 Q150,800 210,800 L380,800 Q440,800 440,860 L440,990 Z', '#2f5d50') + rect(130, 880, 60, 110, '#264d42', { rx: 20 }) + rect(400, 880, 60, 110, '#264d42', { rx: 20 }) + rect(190, 900, 210, 40, '#3a6f60', { rx: 10 }));
  p.push(rect(560, 780, 10, 200, '#2a2a2a') + ellipse(565, 984, 40, 8, '#2a2a2a') + path('M520,780 L610,780 L590,730 L540,730 Z', '#2f6b4f'));
  p.push(circle(565, 790, 160, 'url(#warm)'));
  p.push(rect(0, 0, W, H, 'url(#warm)') + rect(0, 0, W, H, 'url(#vig)'));
  return svgDoc(W, H, defs, p);
}

function turbine(x: number, baseY: number, h: number, angle: number, light: string, dark: string): string {
  const topY = baseY - h;
  const bw = h * 0.028;
  const tw = h * 0.013;
  const L = h * 0.5;
  const bwid = L * 0.07;
  const blade = `M0,0 C${f(bwid)},${f(-L * 0.08)} ${f(bwid * 0.7)},${f(-L * 0.7)} 0,${f(-L)} C${f(-bwid * 0.3)},${f(-L * 0.7)} ${f(-bwid * 0.5)},${f(-L * 0.1)} 0,0 Z`;
  return [
    poly([x - bw, baseY, x + bw, baseY, x + tw, topY, x - tw, topY], light),
    poly([x, baseY, x + bw, baseY, x + tw, topY, x, topY], dark),
    rect(x - bw * 1.25, baseY - h * 0.07, bw * 2.5, h * 0.07, '#f2c230'),
    rect(x - bw * 1.9, baseY - h * 0.075, bw * 3.8, h * 0.01, '#5d6b75'),
    rect(x - tw * 1.4, topY - tw * 1.5, tw * 6, tw * 3, light, { rx: tw }),
    rect(x - tw * 1.4, topY, tw * 6, tw * 1.5, dark, { rx: tw * 0.5 }),
    times(3, (k) => path(blade, k === 1 ? dark : light, { transform: `translate(${f(x)},${f(topY)}) rotate(${f(angle + k * 120)})` })),
    circle(x, topY, tw * 1.5, light, { stroke: dark, 'stroke-width': Math.max(1, tw * 0.3) }),
  ].join('');
}

function windTurbines(): string {
  const r = rng(1212);
  const horizon = 600;
  const defs = [lin('sky', [[0, '#78b3da'], [0.7, '#cfe5f1'], [1, '#eef6f9']]), lin('sea', [[0, '#4f8fb3'], [1, '#1c4a68']])];
  const p: string[] = [rect(0, 0, W, horizon + 2, 'url(#sky)')];
  p.push(cloud(260, 180, 1.6) + cloud(900, 120, 1.1) + cloud(1400, 240, 1.9) + cloud(620, 380, 0.9, '#ffffff', '#d6e4ec', 0.8) + cloud(1120, 440, 0.7, '#ffffff', '#d6e4ec', 0.7));
  p.push(rect(0, horizon, W, H - horizon, 'url(#sea)'));
  p.push(rect(0, horizon, W, 4, '#a9cde0', { opacity: 0.8 }));
  // Waves: short arcs, larger nearer the viewer.
  for (let i = 0; i < 340; i++) {
    const y = between(r, horizon + 4, H);
    const t = (y - horizon) / (H - horizon);
    const x = between(r, -20, W);
    const w = 8 + t * 46 * between(r, 0.5, 1);
    p.push(path(`M${f(x)},${f(y)} q${f(w / 2)},${f(-4 - t * 6)} ${f(w)},0`, 'none', { stroke: pick(r, ['#ffffff', '#bfe0ef', '#143a55']), 'stroke-width': 1 + t * 2.5, opacity: between(r, 0.2, 0.5) }));
  }
  // Far row, then mid, then near turbines.
  for (let i = 0; i < 9; i++) p.push(turbine(80 + i * 180 + between(r, -30, 30), horizon + 2, between(r, 80, 120), between(r, 0, 120), '#dfe9ef', '#c2d2dc'));
  p.push(turbine(230, 660, 280, 20, '#eef3f6', '#c8d5de'));
  p.push(turbine(760, 640, 230, 75, '#eef3f6', '#c8d5de'));
  p.push(rect(415, 760, 10, 150, '#ffffff', { opacity: 0.15 }) + rect(1185, 820, 14, 160, '#ffffff', { opacity: 0.15 }));
  p.push(turbine(420, 760, 520, 50, '#f8fafb', '#cdd9e1'));
  p.push(turbine(1190, 820, 700, 95, '#f8fafb', '#cdd9e1'));
  // Service vessel and its wake.
  p.push(path('M820,840 Q700,846 560,860 Q700,850 820,850 Z', '#ffffff', { opacity: 0.6 }));
  p.push(path('M800,840 L930,840 L912,866 L812,866 Z', '#f4f4f4') + rect(840, 818, 56, 22, '#e76f51') + rect(848, 822, 14, 8, '#1d3557') + rect(868, 822, 14, 8, '#1d3557') + rect(800, 856, 130, 4, '#e76f51'));
  p.push(gull(520, 300, 1.1, '#2d4a5e') + gull(580, 330, 0.8, '#2d4a5e'));
  return svgDoc(W, H, defs, p);
}

function actor(x: number, footY: number, s: number, pose: 'reach' | 'cloak', col: string): string {
  const parts =
    pose === 'reach'
      ? [
          path('M-30,-132 L-38,0 L-14,0 L0,-96 L14,0 L38,0 L30,-132 Z', col),
          path('M-28,-244 Q0,-254 28,-244 L34,-128 L-34,-128 Z', col),
          line(22, -234, 112, -262, col, 16),
          line(-22, -234, -42, -140, col, 16),
          rect(-9, -262, 18, 20, col),
          circle(0, -278, 24, col),
        ]
      : [
          path('M-22,-244 Q0,-254 22,-244 L76,0 L-76,0 Z', col),
          path('M-24,-240 L-60,-196 L-74,-206', 'none', { stroke: col, 'stroke-width': 16, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }),
          circle(-84, -216, 15, col),
          rect(-9, -262, 18, 20, col),
          circle(0, -278, 24, col),
          path('M-24,-282 Q0,-318 24,-282 L30,-250 L-30,-250 Z', col),
        ];
  return g(parts, { transform: `translate(${f(x)},${f(footY)}) scale(${f(s)})` });
}

function theatreStage(): string {
  const r = rng(1313);
  const defs = [
    lin('back', [[0, '#2b1a33'], [1, '#120a14']]),
    lin('fold', [[0, '#5e0f1c'], [0.5, '#b3283b'], [1, '#5e0f1c']], 0, 0, 70, 0, { gradientUnits: 'userSpaceOnUse', spreadMethod: 'repeat' }),
    lin('foldV', [[0, '#6e1322'], [0.5, '#c23347'], [1, '#6e1322']], 0, 0, 90, 0, { gradientUnits: 'userSpaceOnUse', spreadMethod: 'repeat' }),
    lin('cone', [[0, '#fff3c4', 0.42], [1, '#fff3c4', 0.1]]),
    lin('floor', [[0, '#6a4026'], [1, '#8a5836']]),
    rad('pool', [[0, '#fff0c0', 0.55], [1, '#fff0c0', 0]]),
  ];
  const p: string[] = [rect(0, 0, W, H, '#120a0e'), rect(160, 100, 1280, 620, 'url(#back)')];
  // Painted backdrop: stars, moon, hills.
  p.push(times(60, () => circle(between(r, 200, 1400), between(r, 140, 480), between(r, 1, 2.4), '#f6e7c8', { opacity: between(r, 0.3, 0.8) })));
  p.push(circle(1040, 260, 62, '#f3e3bd', { opacity: 0.9 }) + circle(1064, 246, 58, '#2b1a33', { opacity: 0.9 }));
  p.push(path('M160,720 L160,560 Q400,470 640,560 Q860,640 1080,540 Q1260,470 1440,560 L1440,720 Z', '#3b2a4a'));
  // Stage floor in perspective.
  p.push(poly([120, 700, 1480, 700, 1600, 900, 0, 900], 'url(#floor)'));
  for (let i = 0; i <= 20; i++) {
    const fx = i * 80;
    const bx = 120 + (fx / 1600) * 1360;
    p.push(line(bx, 700, fx, 900, '#4e2e1a', 2));
  }
  p.push(rect(0, 896, W, 40, '#2a160e') + rect(0, 896, W, 5, '#6a4026'));
  // Spotlights and pools.
  const spots: [number, number][] = [[560, 640], [1040, 1000]];
  for (const [tx, fx] of spots) {
    p.push(poly([tx - 18, 0, tx + 18, 0, fx + 190, 790, fx - 190, 790], 'url(#cone)'));
    p.push(ellipse(fx, 790, 210, 44, 'url(#pool)'));
    p.push(times(26, () => {
      const t = r();
      const cxm = tx + (fx - tx) * t;
      return circle(cxm + between(r, -170, 170) * t, t * 780, between(r, 1, 2.4), '#fff6d8', { opacity: between(r, 0.2, 0.6) });
    }));
  }
  // Actors and shadows.
  p.push(ellipse(690, 794, 110, 14, '#000', { opacity: 0.5 }) + ellipse(1050, 794, 120, 14, '#000', { opacity: 0.5 }));
  p.push(actor(650, 792, 1.35, 'reach', '#150a12'));
  p.push(actor(1030, 792, 1.35, 'cloak', '#150a12'));
  // Footlights.
  p.push(times(16, (i) => circle(70 + i * 98, 904, 26, 'url(#pool)') + ellipse(70 + i * 98, 902, 12, 5, '#ffe9a8')));
  // Curtains.
  const curtain = 'M0,0 L360,0 C350,200 280,430 210,570 C240,700 260,820 272,936 L0,936 Z';
  p.push(path(curtain, 'url(#fold)') + ellipse(212, 572, 24, 14, '#d4a73c'));
  p.push(g([path(curtain, 'url(#fold)'), ellipse(212, 572, 24, 14, '#d4a73c')], { transform: `translate(${W},0) scale(-1,1)` }));
  // Valance with swags and a gold fringe.
  let val = 'M0,0 L1600,0 L1600,110';
  let fringe = 'M1600,110';
  for (let i = 8; i > 0; i--) {
    const seg = ` Q${i * 200 - 100},${200} ${(i - 1) * 200},110`;
    val += seg;
    fringe += seg;
  }
  p.push(path(`${val} Z`, 'url(#foldV)'));
  p.push(path(fringe, 'none', { stroke: '#d4a73c', 'stroke-width': 10 }));
  p.push(times(8, (i) => line(i * 200 + 200, 112, i * 200 + 200, 160, '#d4a73c', 6) + circle(i * 200 + 200, 166, 9, '#d4a73c')));
  p.push(rect(0, 0, W, 24, '#3a0a12'));
  // Audience silhouettes.
  for (let x = 20; x < W; x += between(r, 70, 96)) {
    const hy = 950 + between(r, -8, 8);
    p.push(ellipse(x, 1010, 56, 44, '#07030a') + circle(x, hy, between(r, 26, 32), '#07030a'));
    if (r() < 0.2) p.push(circle(x + 6, hy - 28, 12, '#07030a'));
  }
  return svgDoc(W, H, defs, p);
}

function bookshopFront(): string {
  const r = rng(1414);
  const defs = [
    lin('inside', [[0, '#f7e7c6'], [1, '#e2bf88']]),
    lin('glass', [[0, '#3e5c76'], [1, '#7e9cb5']]),
    lin('shade', [[0, '#000', 0.3], [1, '#000', 0]]),
    rad('lamp', [[0, '#fff3c8', 0.9], [1, '#ffe09a', 0]]),
  ];
  const green = '#1f4e3d';
  const gold = '#d9b45a';
  const p: string[] = [rect(0, 0, W, H, '#e9dcc3')];
  // Neighbours.
  p.push(rect(0, 0, 180, 880, '#a0523d') + bricks(r, 0, 0, 180, 880, ['#a0523d', '#954b37', '#aa5b45', '#8f4633']));
  p.push(rect(1420, 0, 180, 880, '#7d93a6') + rect(1450, 90, 110, 180, '#2f3e4c', { stroke: '#eef2f5', 'stroke-width': 10 }) + rect(1450, 560, 120, 320, '#5a2f3a'));
  p.push(rect(30, 90, 110, 180, '#2f3e4c', { stroke: '#f3efe6', 'stroke-width': 10 }) + rect(30, 560, 110, 320, '#2c3e50'));
  p.push(rect(176, 0, 8, 880, '#cbbd9f') + rect(1416, 0, 8, 880, '#cbbd9f'));

  // Upper floor sash windows with window boxes.
  for (const wx of [330, 740, 1150]) {
    p.push(rect(wx - 12, 62, 144, 224, '#d2c3a6') + rect(wx, 74, 120, 200, 'url(#glass)'));
    p.push(rect(wx, 74, 120, 200, 'none', { stroke: '#fbf8f1', 'stroke-width': 10 }) + line(wx, 174, wx + 120, 174, '#fbf8f1', 10) + line(wx + 60, 74, wx + 60, 274, '#fbf8f1', 5));
    p.push(poly([wx + 10, 160, wx + 60, 84, wx + 80, 84, wx + 30, 160], '#ffffff', { opacity: 0.18 }));
    p.push(rect(wx - 10, 282, 140, 22, green));
    p.push(times(9, (i) => circle(wx - 2 + i * 16, 278 + between(r, -6, 4), between(r, 8, 12), pick(r, ['#e63946', '#f4a261', '#ffafcc', '#90be6d', '#ffffff']))));
  }
  p.push(rect(180, 304, 1240, 26, '#d2c3a6'));
  // Fascia with a book emblem instead of lettering.
  p.push(rect(196, 330, 1208, 92, green) + rect(214, 344, 1172, 64, 'none', { stroke: gold, 'stroke-width': 4 }));
  p.push(path('M744,392 Q772,372 800,386 Q828,372 856,392 L856,360 Q828,340 800,354 Q772,340 744,360 Z', gold) + line(800, 354, 800, 386, green, 3));
  for (const dir of [-1, 1]) p.push(times(9, (i) => circle(800 + dir * (96 + i * 30), 376, i % 2 ? 4 : 6, gold)));

  // Striped awning with a scalloped edge.
  const n = 16;
  for (let i = 0; i < n; i++) {
    const t0 = i / n;
    const t1 = (i + 1) / n;
    const xa0 = 210 + t0 * 1180;
    const xa1 = 210 + t1 * 1180;
    const xb0 = 170 + t0 * 1260;
    const xb1 = 170 + t1 * 1260;
    const col = i % 2 ? '#f3e9d2' : '#c8553d';
    p.push(poly([xa0, 422, xa1, 422, xb1, 528, xb0, 528], col));
    p.push(path(`M${f(xb0)},528 L${f(xb1)},528 L${f(xb1)},540 Q${f((xb0 + xb1) / 2)},576 ${f(xb0)},540 Z`, col));
  }
  p.push(poly([210, 422, 1390, 422, 1398, 440, 202, 440], '#000', { opacity: 0.12 }));

  // Shopfront frame, display window and door.
  p.push(rect(196, 528, 1208, 352, green));
  p.push(rect(246, 548, 760, 256, 'url(#inside)'));
  p.push(circle(620, 570, 140, 'url(#lamp)') + line(620, 548, 620, 580, '#333', 2) + path('M604,580 L636,580 L644,596 L596,596 Z', '#2f3b45'));
  // Bunting.
  p.push(path('M246,566 Q626,606 1006,566', 'none', { stroke: '#6b5a48', 'stroke-width': 2 }));
  for (let i = 0; i < 18; i++) {
    const t = (i + 0.5) / 18;
    const bx = 246 + t * 760;
    const by = 566 + 40 * 4 * t * (1 - t) * 0.5;
    p.push(poly([bx - 12, by, bx + 12, by, bx, by + 22], pick(r, ['#e63946', '#f1c453', '#2a9d8f', '#8ecae6', '#ffafcc'])));
  }
  // Shelves of face-out books and stacks.
  p.push(rect(246, 696, 760, 10, '#a07850') + rect(246, 790, 760, 14, '#8a6440'));
  const cover = (bx: number, by: number, w: number, h: number) => {
    const c = pick(r, ['#264653', '#e76f51', '#2a9d8f', '#e9c46a', '#6d597a', '#b5838d', '#1d3557', '#f4f1de']);
    const accent = pick(r, ['#ffffff', '#f4a261', '#e63946', '#8ecae6', '#1d1d1d']);
    const v = r();
    const art =
      v < 0.33
        ? circle(bx + w / 2, by + h * 0.45, w * 0.28, accent)
        : v < 0.66
          ? poly([bx + 4, by + h * 0.7, bx + w * 0.4, by + h * 0.35, bx + w * 0.6, by + h * 0.55, bx + w - 4, by + h * 0.3, bx + w - 4, by + h * 0.7], accent)
          : rect(bx, by + h * 0.3, w, h * 0.16, accent) + rect(bx, by + h * 0.52, w, h * 0.06, accent);
    return rect(bx + 4, by + 4, w, h, '#000', { opacity: 0.15 }) + rect(bx, by, w, h, c) + art + rect(bx + 6, by + h - 16, w - 12, 5, accent, { opacity: 0.8 });
  };
  for (let bx = 270; bx < 980; bx += between(r, 74, 90)) p.push(cover(bx, 696 - 92 + between(r, -4, 4), 62, 88));
  let sx = 264;
  while (sx < 900) {
    if (r() < 0.5) {
      const k = 3 + Math.floor(r() * 4);
      const sw = Math.min(between(r, 70, 96), 930 - sx);
      for (let j = 0; j < k; j++) p.push(rect(sx + between(r, -4, 4), 790 - (j + 1) * 13, sw, 12, pick(r, ['#264653', '#e76f51', '#2a9d8f', '#e9c46a', '#6d597a', '#f4f1de', '#8ecae6']), { rx: 2 }));
      sx += sw + 16;
    } else {
      p.push(cover(sx, 790 - 76, 52, 76));
      sx += 68;
    }
  }
  p.push(g([circle(0, -40, 20, '#6a994e'), circle(-16, -26, 16, '#7fae5a'), circle(16, -24, 16, '#58853a'), poly([-18, -12, 18, -12, 12, 14, -12, 14], '#c8553d')], { transform: 'translate(960,776)' }));
  // Glazing bars and reflections.
  p.push(rect(500, 548, 8, 256, green) + rect(752, 548, 8, 256, green));
  p.push(poly([300, 804, 520, 548, 600, 548, 380, 804], '#ffffff', { opacity: 0.12 }) + poly([700, 804, 920, 548, 950, 548, 730, 804], '#ffffff', { opacity: 0.1 }));
  p.push(rect(246, 548, 760, 50, 'url(#shade)'));
  p.push(rect(262, 820, 350, 44, 'none', { stroke: '#2e6b55', 'stroke-width': 4 }) + rect(640, 820, 350, 44, 'none', { stroke: '#2e6b55', 'stroke-width': 4 }));
  // Door.
  p.push(rect(1060, 548, 300, 332, '#163a2d'));
  p.push(rect(1080, 566, 260, 314, green, { stroke: '#2e6b55', 'stroke-width': 4 }));
  p.push(rect(1104, 590, 212, 180, 'url(#inside)') + times(6, (i) => rect(1120, 614 + i * 26, 180, 18, pick(r, ['#264653', '#e76f51', '#2a9d8f', '#e9c46a', '#6d597a']), { opacity: 0.8 })));
  p.push(line(1210, 590, 1210, 770, green, 6) + poly([1110, 740, 1190, 600, 1220, 600, 1140, 740], '#ffffff', { opacity: 0.12 }));
  p.push(rect(1110, 796, 200, 64, 'none', { stroke: '#2e6b55', 'stroke-width': 4 }) + circle(1300, 780, 9, gold));
  p.push(rect(1040, 880, 340, 14, '#b7b0a4'));
  // Pavement, pots and an A-board.
  p.push(rect(0, 880, W, 120, '#c9c4bb'));
  p.push(times(9, (i) => line(i * 190 + 40, 880, i * 190 - 10, 1000, '#aaa398', 2)) + line(0, 940, W, 940, '#aaa398', 2) + rect(0, 984, W, 16, '#9b968c'));
  for (const px of [1030, 1390]) p.push(poly([px - 26, 874, px + 26, 874, px + 20, 920, px - 20, 920], '#b5603f') + circle(px, 852, 26, '#4f8a4b') + circle(px - 16, 864, 18, '#6a994e') + circle(px + 16, 862, 18, '#3f7541'));
  p.push(poly([60, 980, 90, 720, 100, 720, 80, 980], '#7a5a3a') + poly([240, 980, 200, 720, 210, 720, 250, 980], '#7a5a3a'));
  p.push(rect(92, 730, 116, 200, '#2b2b2b', { stroke: '#8a6440', 'stroke-width': 8 }));
  p.push(path('M112,760 q20,-10 40,0 t40,0', 'none', { stroke: '#f4f1de', 'stroke-width': 4 }) + path('M112,790 q20,-10 40,0 t30,0', 'none', { stroke: '#f4f1de', 'stroke-width': 3 }));
  p.push(path('M120,880 L120,840 Q150,826 150,840 Q150,826 180,840 L180,880 Q150,866 150,880 Q150,866 120,880 Z', 'none', { stroke: '#f1c453', 'stroke-width': 3 }));
  p.push(times(3, (i) => line(116, 812 + i * 8, 186 - i * 20, 812 + i * 8, '#f4f1de', 2, { opacity: 0.7 })));
  return svgDoc(W, H, defs, p);
}

function cyclist(x: number, y: number, s: number, accent: string, col = '#1f2a36'): string {
  const wheel = (cx: number) => circle(cx, -38, 36, 'none', { stroke: col, 'stroke-width': 5 }) + circle(cx, -38, 4, col);
  return g(
    [
      wheel(-62),
      wheel(62),
      path('M-62,-38 L-20,-100 L-8,-40 Z M-20,-100 L46,-94 L62,-38 M-8,-40 L46,-94', 'none', { stroke: col, 'stroke-width': 5, 'stroke-linejoin': 'round' }),
      line(46, -94, 42, -112, col, 5),
      line(42, -112, 54, -114, col, 5),
      line(-32, -106, -10, -106, col, 6),
      line(-22, -110, 2, -74, col, 15),
      line(2, -74, -6, -36, col, 11),
      line(-22, -110, 20, -168, col, 22),
      line(14, -160, 50, -112, col, 10),
      line(-22, -110, -14, -70, col, 15),
      line(-14, -70, -26, -44, col, 11),
      circle(34, -190, 16, col),
      path('M16,-196 Q30,-218 52,-200 L54,-192 L16,-192 Z', accent),
      rect(-24, -170, 24, 40, accent, { rx: 6, transform: 'rotate(36 -12 -150)' }),
    ],
    { transform: `translate(${f(x)},${f(y)}) scale(${f(s)})` },
  );
}

function bicycleLane(): string {
  const r = rng(1515);
  const defs = [lin('sky', [[0, '#a9d8ec'], [1, '#f3fafc']]), lin('lane', [[0, '#3f9b6e'], [1, '#358a60']])];
  const p: string[] = [rect(0, 0, W, 600, 'url(#sky)')];
  p.push(cloud(300, 110, 1) + cloud(1250, 80, 1.3));
  // Terraced buildings.
  let x = -20;
  while (x < W) {
    const w = between(r, 170, 250);
    const top = between(r, 180, 300);
    const col = pick(r, ['#f2d0a4', '#c9e4de', '#f7c6c7', '#d6e2f0', '#f6e8b1', '#e3d5ca']);
    p.push(rect(x, top, w, 580 - top, col) + rect(x - 4, top - 10, w + 8, 12, '#8a8f98'));
    for (let wy = top + 30; wy < 470; wy += 90) for (let c = 0; c < 3; c++) p.push(rect(x + 24 + c * ((w - 48) / 3), wy, (w - 48) / 3 - 16, 54, '#5c7c94', { stroke: '#ffffff', 'stroke-width': 4 }));
    p.push(rect(x + w * 0.4, 490, 44, 90, pick(r, ['#1d3557', '#c1121f', '#2a9d8f', '#6d597a'])));
    x += w;
  }
  // Pavement, kerb, lane, road.
  p.push(rect(0, 560, W, 92, '#d8d2c6') + times(17, (i) => line(i * 100, 560, i * 100 - 20, 652, '#c2bcaf', 2)));
  p.push(rect(0, 650, W, 12, '#a9a49a'));
  p.push(rect(0, 662, W, 98, 'url(#lane)'));
  p.push(times(260, () => circle(between(r, 0, W), between(r, 664, 758), between(r, 0.8, 1.8), '#2c7a53', { opacity: 0.5 })));
  p.push(rect(0, 756, W, 10, '#f4f4f4'));
  const symbol = (sx: number) =>
    g([circle(-28, 0, 18, 'none', { stroke: '#f4f4f4', 'stroke-width': 5 }), circle(28, 0, 18, 'none', { stroke: '#f4f4f4', 'stroke-width': 5 }), path('M-28,0 L-8,-30 L20,-30 L28,0 M-8,-30 L0,0 L20,-30', 'none', { stroke: '#f4f4f4', 'stroke-width': 5 }), circle(-4, -50, 8, '#f4f4f4')], {
      transform: `translate(${sx},724) scale(1.2,0.5)`,
    });
  p.push(symbol(140) + symbol(1040));
  p.push(rect(0, 766, W, 234, '#4a4d55'));
  p.push(times(500, () => circle(between(r, 0, W), between(r, 768, H), between(r, 0.8, 2), pick(r, ['#5d6068', '#3b3e45']), { opacity: 0.7 })));
  p.push(times(9, (i) => rect(i * 200 + 40, 880, 110, 10, '#e8e4d8', { opacity: 0.85 })));
  // Street trees on the pavement, with dappled shade.
  for (const tx of [120, 560, 1000, 1440]) {
    p.push(times(6, () => ellipse(tx + between(r, -120, 120), between(r, 600, 640), between(r, 20, 50), 8, '#000', { opacity: 0.08 })));
    p.push(tree(tx, 610, 170, r, ['#4f8a4b', '#5f9e57', '#3f7541', '#6aa84f']));
    p.push(rect(tx - 24, 584, 48, 26, 'none', { stroke: '#39424e', 'stroke-width': 4 }));
  }
  // Cyclists in the lane.
  p.push(ellipse(420, 744, 110, 8, '#000', { opacity: 0.18 }) + ellipse(860, 744, 100, 8, '#000', { opacity: 0.18 }) + ellipse(1300, 744, 104, 8, '#000', { opacity: 0.18 }));
  p.push(cyclist(420, 742, 1.12, '#f4a261'));
  p.push(cyclist(860, 742, 1.0, '#e76f51'));
  p.push(cyclist(1300, 742, 1.05, '#ffd166'));
  // Flexible bollards between lane and traffic.
  p.push(times(9, (i) => rect(i * 190 + 90, 716, 12, 48, '#f4f4f4', { rx: 4 }) + rect(i * 190 + 90, 726, 12, 8, '#e63946')));
  return svgDoc(W, H, defs, p);
}

// ---------------------------------------------------------------------------
// Portraits, 600 x 600
// ---------------------------------------------------------------------------

interface PortraitStyle {
  bg: string;
  bgShape: string;
  skin: string;
  shade: string;
  hair: string;
  hairStyle: 'long' | 'short' | 'bob' | 'crop';
  top: string;
  topShade: string;
  collar?: string;
  glasses?: boolean;
  beard?: boolean;
  older?: boolean;
  lips: string;
  brows: string;
  necklace?: string;
}

function portrait(o: PortraitStyle): string {
  const p: string[] = [rect(0, 0, 600, 600, o.bg), circle(300, 300, 250, o.bgShape)];
  // Hair that falls behind the head and shoulders.
  if (o.hairStyle === 'long') p.push(path('M176,270 Q160,130 300,118 Q440,130 424,270 L452,520 Q300,560 148,520 Z', o.hair));
  if (o.hairStyle === 'bob') p.push(path('M178,300 Q166,128 300,120 Q434,128 422,300 Q426,372 400,392 L200,392 Q174,372 178,300 Z', o.hair));
  // Shoulders and neck.
  p.push(path('M40,600 Q48,478 180,452 Q236,440 256,428 L344,428 Q364,440 420,452 Q552,478 560,600 Z', o.top));
  p.push(path('M256,428 Q300,470 344,428 Q364,440 380,446 Q300,520 220,446 Q236,440 256,428 Z', o.topShade));
  p.push(path('M258,330 L258,438 Q300,476 342,438 L342,330 Z', o.skin));
  p.push(path('M258,380 Q300,420 342,380 L342,340 L258,340 Z', o.shade));
  if (o.collar) p.push(path('M250,436 L300,486 L268,520 L226,452 Z M350,436 L300,486 L332,520 L374,452 Z', o.collar));
  if (o.necklace) p.push(path('M262,446 Q300,492 338,446', 'none', { stroke: o.necklace, 'stroke-width': 5 }) + circle(300, 470, 8, o.necklace));
  // Ears and head.
  if (o.hairStyle !== 'long' && o.hairStyle !== 'bob') p.push(ellipse(196, 290, 18, 30, o.shade) + ellipse(404, 290, 18, 30, o.shade));
  p.push(ellipse(300, 270, 106, 132, o.skin));
  p.push(path('M206,300 Q210,390 300,402 Q390,390 394,300 Q380,380 300,390 Q220,380 206,300 Z', o.shade, { opacity: 0.5 }));
  // Cheeks, eyes, brows, nose, mouth.
  p.push(circle(244, 330, 20, '#e07a6a', { opacity: 0.18 }) + circle(356, 330, 20, '#e07a6a', { opacity: 0.18 }));
  for (const ex of [258, 342]) {
    p.push(ellipse(ex, 282, 10, 12, '#2a1d1a') + circle(ex + 3, 278, 3, '#ffffff'));
    p.push(path(`M${ex - 22},${o.older ? 254 : 250} Q${ex},${238} ${ex + 22},${o.older ? 252 : 250}`, 'none', { stroke: o.brows, 'stroke-width': 7, 'stroke-linecap': 'round' }));
  }
  if (o.older) {
    p.push(path('M226,286 q-8,6 -12,14', 'none', { stroke: o.shade, 'stroke-width': 3, 'stroke-linecap': 'round' }) + path('M374,286 q8,6 12,14', 'none', { stroke: o.shade, 'stroke-width': 3, 'stroke-linecap': 'round' }));
    p.push(path('M262,352 q-10,12 -8,26', 'none', { stroke: o.shade, 'stroke-width': 3, 'stroke-linecap': 'round' }) + path('M338,352 q10,12 8,26', 'none', { stroke: o.shade, 'stroke-width': 3, 'stroke-linecap': 'round' }));
  }
  p.push(path('M302,292 Q296,318 288,334 Q298,342 314,336', 'none', { stroke: o.shade, 'stroke-width': 5, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }));
  if (o.beard) {
    p.push(path('M196,276 Q196,420 300,430 Q404,420 404,276 Q396,340 370,350 Q340,338 300,340 Q260,338 230,350 Q204,340 196,276 Z', o.hair));
    p.push(path('M256,360 Q300,340 344,360 Q330,368 300,362 Q270,368 256,360 Z', o.hair));
  }
  p.push(path('M272,372 Q300,394 328,372 Q300,380 272,372 Z', o.lips, { stroke: o.lips, 'stroke-width': 4, 'stroke-linejoin': 'round' }));
  // Hair on top.
  if (o.hairStyle === 'long') {
    p.push(path('M188,286 Q176,132 300,128 Q424,132 414,286 Q404,200 350,180 Q290,226 196,240 Q190,260 188,286 Z', o.hair));
    p.push(path('M194,236 Q160,380 180,536 Q210,548 240,530 Q214,400 220,272 Z', o.hair) + path('M406,236 Q440,380 420,536 Q390,548 360,530 Q386,400 380,272 Z', o.hair));
    p.push(path('M240,170 Q300,150 360,176', 'none', { stroke: '#f0a070', 'stroke-width': 4, opacity: 0.5 }));
  }
  if (o.hairStyle === 'bob') {
    p.push(path('M186,300 Q176,136 300,130 Q424,136 414,300 Q410,220 372,196 Q320,226 236,214 Q196,236 186,300 Z', o.hair));
    p.push(path('M250,170 Q300,156 350,172', 'none', { stroke: '#ffffff', 'stroke-width': 4, opacity: 0.35 }));
  }
  if (o.hairStyle === 'short') {
    p.push(path('M194,262 Q186,128 300,122 Q414,128 406,262 Q398,194 300,186 Q202,194 194,262 Z', o.hair));
    // Tight curls: small rings scattered over the crown.
    const r = rng(77);
    p.push(
      times(90, () => {
        const a = between(r, Math.PI * 1.08, Math.PI * 1.92);
        const d = between(r, 0.55, 0.98);
        const cx = 300 + Math.cos(a) * 104 * d;
        const cy = 250 + Math.sin(a) * 124 * d;
        if (cy > 180 + ((cx - 300) / 106) ** 2 * 76) return '';
        return circle(cx, cy, between(r, 4, 7), 'none', { stroke: '#2e2729', 'stroke-width': 2 });
      }),
    );
  }
  if (o.hairStyle === 'crop') {
    p.push(path('M196,268 Q186,132 300,124 Q414,132 404,268 Q398,200 360,186 Q300,198 250,184 Q204,200 196,268 Z', o.hair));
  }
  if (o.glasses) {
    const lens = { fill: '#ffffff', 'fill-opacity': 0.15, stroke: '#1b1b1b', 'stroke-width': 6 };
    p.push(rect(220, 258, 76, 52, '', { ...lens, rx: 14 }) + rect(304, 258, 76, 52, '', { ...lens, rx: 14 }) + line(296, 280, 304, 280, '#1b1b1b', 6) + line(220, 274, 200, 270, '#1b1b1b', 5) + line(380, 274, 400, 270, '#1b1b1b', 5));
  }
  if (o.older) p.push(circle(196, 320, 7, '#f6f1e6') + circle(404, 320, 7, '#f6f1e6'));
  return svgDoc(600, 600, '', p);
}

// ---------------------------------------------------------------------------
// The catalogue
// ---------------------------------------------------------------------------

const landscape = (key: string, draw: () => string): DemoIllustration => ({ key, width: W, height: H, svg: draw });
const square = (key: string, style: PortraitStyle): DemoIllustration => ({ key, width: 600, height: 600, svg: () => portrait(style) });

export const illustrations: DemoIllustration[] = [
  landscape('harbour-dawn', harbourDawn),
  landscape('council-chamber', councilChamber),
  landscape('bus-in-rain', busInRain),
  landscape('flooded-quay', floodedQuay),
  landscape('housing-chart', housingChart),
  landscape('budget-pie', budgetPie),
  landscape('school-yard', schoolYard),
  landscape('newsroom-desk', newsroomDesk),
  landscape('coastal-town', coastalTown),
  landscape('protest-placards', protestPlacards),
  landscape('library-shelves', libraryShelves),
  landscape('wind-turbines', windTurbines),
  landscape('theatre-stage', theatreStage),
  landscape('bookshop-front', bookshopFront),
  landscape('bicycle-lane', bicycleLane),
  square('portrait-niamh', {
    bg: '#f3e6d8',
    bgShape: '#a8d5c9',
    skin: '#f6d2bd',
    shade: '#e4b49b',
    hair: '#c4502a',
    hairStyle: 'long',
    top: '#2a7f6f',
    topShade: '#1f6357',
    lips: '#c0605a',
    brows: '#a8431f',
  }),
  square('portrait-tomas', {
    bg: '#e7eef5',
    bgShape: '#f2c14e',
    skin: '#6b4330',
    shade: '#553324',
    hair: '#161213',
    hairStyle: 'short',
    top: '#23395b',
    topShade: '#1a2a44',
    collar: '#8fb8de',
    glasses: true,
    lips: '#4a2a22',
    brows: '#161213',
  }),
  square('portrait-ruth', {
    bg: '#efe7f3',
    bgShape: '#c9b6dc',
    skin: '#f1d0bb',
    shade: '#d9ab94',
    hair: '#b9b6b2',
    hairStyle: 'bob',
    top: '#d99a2b',
    topShade: '#b97e1c',
    collar: '#fbf8f1',
    older: true,
    lips: '#b46a6a',
    brows: '#8f8b86',
    necklace: '#f6f1e6',
  }),
  square('portrait-declan', {
    bg: '#f5ebe0',
    bgShape: '#e59a7c',
    skin: '#b07650',
    shade: '#925e3e',
    hair: '#3b2418',
    hairStyle: 'crop',
    top: '#4a5d3a',
    topShade: '#3a4a2d',
    collar: '#e9e2d3',
    beard: true,
    lips: '#7a4434',
    brows: '#2f1c12',
  }),
];
