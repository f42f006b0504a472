import type { ActionPlugin } from './action-plugin';
import { execPlugin } from './plugins/exec-plugin';
import { haproxyPlugin } from './plugins/haproxy/haproxy-plugin';
import { kubectlPlugin } from './plugins/kubectl-plugin';
import { sshPlugin } from './plugins/ssh-plugin';
import { webhookPlugin } from './plugins/webhook-plugin';

export const BUILT_IN_PLUGINS: readonly ActionPlugin[] = [
  sshPlugin,
  haproxyPlugin,
  kubectlPlugin,
  webhookPlugin,
  execPlugin,
] as ActionPlugin[];

/** Action plugins by name: the built-ins, then those loaded from the plugins folder. */
export class PluginRegistry {
  private readonly plugins = new Map<string, ActionPlugin>();

  constructor(plugins: readonly ActionPlugin[] = BUILT_IN_PLUGINS) {
    for (const plugin of plugins) this.register(plugin);
  }

  /** Adds a plugin; a name already taken (a built-in included) is refused rather than silently replaced. */
  register(plugin: ActionPlugin): void {
    if (this.plugins.has(plugin.name))
      throw new Error(`an action plugin named "${plugin.name}" is already registered`);
    this.plugins.set(plugin.name, plugin);
  }

  get(name: string): ActionPlugin {
    const plugin = this.plugins.get(name);
    if (!plugin) {
      throw new Error(`no action plugin named "${name}" (known: ${[...this.plugins.keys()].join(', ')})`);
    }
    return plugin;
  }

  names(): string[] {
    return [...this.plugins.keys()];
  }
}
