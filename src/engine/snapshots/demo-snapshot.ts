import path from 'node:path';

/**
 * The demo incident shipped with the app. `builtDir` is the folder of the built main/CLI bundle
 * (out/main, also inside the packaged app), two levels below the folder holding resources/.
 */
export function demoSnapshotPath(builtDir: string): string {
  return path.join(builtDir, '..', '..', 'resources', 'demo.wfsnap');
}
