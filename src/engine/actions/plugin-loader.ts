import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { posixCommand } from '../fleet/remote-shell';
import { shellQuote } from '../fleet/shell-quote';
import type { ActionPlugin } from './action-plugin';
import type { PluginRegistry } from './plugin-registry';

/** What a plugin module's factory receives, so a plugin needs no dependencies of its own. */
export interface PluginToolkit {
  z: typeof z;
  shellQuote: (arg: string) => string;
  /** Wraps a POSIX command line so that /bin/sh runs it on a host whatever the user's login shell. */
  posixCommand: (line: string) => string;
}

export interface PluginLoadReport {
  loaded: string[];
  /** One line per file that could not be loaded: the file and why. */
  problems: string[];
}

const METHODS = ['read', 'plan', 'execute', 'verify'] as const;

function checkPlugin(candidate: unknown, file: string): ActionPlugin {
  const plugin = candidate as Partial<ActionPlugin> | null;
  const missing: string[] = [];
  if (!plugin || typeof plugin !== 'object')
    throw new Error(`${file}: the default export is not a plugin object`);
  if (typeof plugin.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(plugin.name))
    missing.push('name (lower-case)');
  if (typeof plugin.description !== 'string') missing.push('description');
  if (typeof plugin.params?.safeParse !== 'function') missing.push('params (a schema with safeParse)');
  for (const method of METHODS) if (typeof plugin[method] !== 'function') missing.push(`${method}()`);
  if (missing.length > 0) throw new Error(`${file}: the plugin lacks ${missing.join(', ')}`);
  return plugin as ActionPlugin;
}

/**
 * Loads every `.js`/`.mjs` module of the plugins folder. A module's default export is a plugin object,
 * or a function that receives the toolkit (zod, shellQuote and posixCommand) and returns one. A broken file is
 * reported and skipped; the others still load.
 */
export async function loadPluginFolder(dir: string, registry: PluginRegistry): Promise<PluginLoadReport> {
  const report: PluginLoadReport = { loaded: [], problems: [] };
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.m?js$/.test(f))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return report;
    throw err;
  }
  const toolkit: PluginToolkit = { z, shellQuote, posixCommand };
  for (const file of files) {
    const full = path.join(dir, file);
    try {
      const module = (await import(pathToFileURL(full).href)) as { default?: unknown };
      const exported = module.default;
      const candidate =
        typeof exported === 'function'
          ? await (exported as (t: PluginToolkit) => unknown)(toolkit)
          : exported;
      const plugin = checkPlugin(candidate, full);
      registry.register(plugin);
      report.loaded.push(plugin.name);
    } catch (err) {
      const message = (err as Error).message;
      report.problems.push(message.startsWith(full) ? message : `${full}: ${message}`);
    }
  }
  return report;
}
