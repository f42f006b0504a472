import { z } from 'zod';
import type { ActionPlugin } from '../action-plugin';
import { describeFailure, runArgv } from '../local-process';
import { shellQuote } from '../../fleet/shell-quote';
import { fillTemplate, templateValues, type TemplateValues } from '../template';
import { parseReplicaCount } from './replica-count';

const argvSchema = z.array(z.string().max(4096)).min(1, 'must name the program to run');

const execParams = z.strictObject({
  /** Program and arguments, each a template (`{app}`, `{from}`, `{to}`, `{key}`). Never run by a shell. */
  argv: argvSchema,
  /** Prints the current replica count; without it the count is unknown and the change is not verified. */
  readArgv: argvSchema.optional(),
  cwd: z
    .string()
    .refine((s) => s.startsWith('/'), 'must be an absolute path')
    .optional(),
  timeoutSec: z.number().positive().max(3600).default(60),
});

type ExecParams = z.infer<typeof execParams>;

/** How an argv reads to a person: each argument quoted as a shell would need it (it is never run by one). */
export const displayArgv = (argv: readonly string[]) =>
  argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : shellQuote(a))).join(' ');

/** Runs a local program with an argument vector, never a shell. */
export const execPlugin: ActionPlugin<ExecParams, { values: TemplateValues }> = {
  name: 'exec',
  description: 'Runs a local program (argument vector, never a shell)',
  params: execParams,

  async read(params, ctx) {
    if (!params.readArgv) return { replicas: null, detail: 'no readArgv: the current count is not known' };
    const argv = params.readArgv.map((a) => fillTemplate(a, templateValues(ctx.app, null, 0)));
    const timeoutMs = params.timeoutSec * 1000;
    const result = await runArgv(argv, { env: ctx.env, timeoutMs, cwd: params.cwd });
    if (result.code !== 0 || result.timedOut)
      throw new Error(`${displayArgv(argv)} ${describeFailure(result, timeoutMs)}`);
    const replicas = parseReplicaCount(result.stdout, displayArgv(argv));
    return { replicas, detail: `${displayArgv(argv)} reports ${replicas}` };
  },

  async plan(params, request, ctx) {
    const values = templateValues(ctx.app, request.from, request.to);
    const argv = params.argv.map((a) => fillTemplate(a, values));
    return {
      summary: `Run ${argv[0]} to scale ${ctx.app} to ${request.to}`,
      preview: [`$ ${displayArgv(argv)}`],
      data: { values },
    };
  },

  async execute(params, plan, key, ctx) {
    const argv = params.argv.map((a) => fillTemplate(a, { ...plan.data.values, key }));
    const timeoutMs = params.timeoutSec * 1000;
    const result = await runArgv(argv, { env: ctx.env, timeoutMs, cwd: params.cwd });
    if (result.code === 0 && !result.timedOut) return { ok: true, message: `${argv[0]} exited 0` };
    return { ok: false, message: `${displayArgv(argv)} ${describeFailure(result, timeoutMs)}` };
  },

  async verify(params, _plan, request, ctx) {
    if (!params.readArgv) return { ok: null, detail: 'not verified: the profile gives no readArgv' };
    const state = await this.read(params, ctx);
    return {
      ok: state.replicas === request.to,
      detail: state.replicas === request.to ? state.detail : `${state.detail}, expected ${request.to}`,
    };
  },
};
