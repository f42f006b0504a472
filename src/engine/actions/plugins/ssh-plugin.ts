import { z } from 'zod';
import { posixCommand } from '../../fleet/remote-shell';
import { shellQuote } from '../../fleet/shell-quote';
import type { ActionContext, ActionPlugin } from '../action-plugin';
import { describeFailure } from '../local-process';
import { runRemote } from '../remote-command';
import { fillTemplate, templateValues, type TemplateValues } from '../template';
import { parseReplicaCount } from './replica-count';

const commandSchema = z.array(z.string().max(4096)).min(1, 'must name the command to run');

const sshParams = z.strictObject({
  /** The profile host the command runs on, over its SSH connection. */
  host: z.string().min(1).max(128),
  /** Command and arguments, each a template (`{app}`, `{from}`, `{to}`, `{key}`), each quoted for the shell. */
  command: commandSchema,
  /** Prints the current replica count; without it the count is unknown and the change is not verified. */
  readCommand: commandSchema.optional(),
  timeoutSec: z.number().positive().max(3600).default(60),
});

type SshParams = z.infer<typeof sshParams>;

/** One command line from template arguments: every argument filled, then quoted. Nothing reaches the shell raw. */
export function buildCommandLine(templates: readonly string[], values: TemplateValues): string {
  return templates.map((t) => shellQuote(fillTemplate(t, values))).join(' ');
}

async function run(params: SshParams, line: string, ctx: ActionContext) {
  const timeoutMs = params.timeoutSec * 1000;
  // Run by /bin/sh, as previewed, whatever the login shell.
  const result = await runRemote(ctx.remoteExec, params.host, posixCommand(line), { timeoutMs });
  return { result, timeoutMs };
}

/** Runs a command template on a host over its SSH connection, arguments quoted. */
export const sshPlugin: ActionPlugin<SshParams, { values: TemplateValues }> = {
  name: 'ssh',
  description: 'Runs a command on a host over SSH (arguments quoted)',
  params: sshParams,

  async read(params, ctx) {
    if (!params.readCommand)
      return { replicas: null, detail: 'no readCommand: the current count is not known' };
    const line = buildCommandLine(params.readCommand, templateValues(ctx.app, null, 0));
    const { result, timeoutMs } = await run(params, line, ctx);
    if (result.code !== 0 || result.timedOut) {
      throw new Error(`on ${params.host}, ${line} ${describeFailure(result, timeoutMs)}`);
    }
    const replicas = parseReplicaCount(result.stdout, `on ${params.host}, ${line}`);
    return { replicas, detail: `${params.host}: ${line} reports ${replicas}` };
  },

  async plan(params, request, ctx) {
    const values = templateValues(ctx.app, request.from, request.to);
    return {
      summary: `Run a command on ${params.host} to scale ${ctx.app} to ${request.to}`,
      preview: [`${params.host}$ ${buildCommandLine(params.command, values)}`],
      data: { values },
    };
  },

  async execute(params, plan, key, ctx) {
    const line = buildCommandLine(params.command, { ...plan.data.values, key });
    const { result, timeoutMs } = await run(params, line, ctx);
    if (result.code === 0 && !result.timedOut)
      return { ok: true, message: `${params.host}: command exited 0` };
    return { ok: false, message: `${params.host}: ${line} ${describeFailure(result, timeoutMs)}` };
  },

  async verify(params, _plan, request, ctx) {
    if (!params.readCommand) return { ok: null, detail: 'not verified: the profile gives no readCommand' };
    const state = await this.read(params, ctx);
    return {
      ok: state.replicas === request.to,
      detail: state.replicas === request.to ? state.detail : `${state.detail}, expected ${request.to}`,
    };
  },
};
