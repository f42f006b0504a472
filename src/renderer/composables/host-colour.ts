/** A stable colour per host name, so a host keeps its colour across sessions and views. */
export function hostColour(host: string): string {
  let hash = 2166136261;
  for (let i = 0; i < host.length; i++) hash = Math.imul(hash ^ host.charCodeAt(i), 16777619);
  const hue = (hash >>> 0) % 360;
  return `hsl(${hue} 65% 62%)`;
}
