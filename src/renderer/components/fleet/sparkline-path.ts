/** An SVG path through the values (nulls break the line), scaled to `width × height`, min 0 at the bottom. */
export function sparklinePath(
  values: readonly (number | null)[],
  width: number,
  height: number,
  max = Math.max(1e-9, ...values.map((v) => v ?? 0)),
): string {
  if (values.length === 0) return '';
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  let path = '';
  let drawing = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      drawing = false;
      return;
    }
    const x = round(i * step);
    const y = round(height - (Math.min(v, max) / max) * height);
    path += `${drawing ? 'L' : 'M'}${x} ${y}`;
    drawing = true;
  });
  return path;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
