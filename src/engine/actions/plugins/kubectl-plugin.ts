import { z } from 'zod';
import type { ActionContext, ActionPlugin } from '../action-plugin';
import { describeFailure, lastLine, runArgv } from '../local-process';
import { displayArgv } from './exec-plugin';

/** A Kubernetes object name (RFC 1123 subdomain). */
const k8sName = z
  .string()
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'must be a Kubernetes name (lower-case letters, digits, - and .)',
  );

const kubectlParams = z.strictObject({
  kind: z.enum(['deployment', 'statefulset']),
  name: k8sName,
  namespace: k8sName,
  /** The kubeconfig context, always given explicitly so the current context never decides. */
  context: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9_.:@/-]+$/, 'must be a kubeconfig context name'),
  kubeconfig: z
    .string()
    .refine((s) => s.startsWith('/'), 'must be an absolute path')
    .optional(),
  /** The kubectl program; found on PATH by default. */
  kubectl: z.string().min(1).max(4096).default('kubectl'),
  timeoutSec: z.number().positive().max(600).default(30),
});

type KubectlParams = z.infer<typeof kubectlParams>;

function baseArgv(p: KubectlParams): string[] {
  return [
    p.kubectl,
    '--context',
    p.context,
    '--namespace',
    p.namespace,
    ...(p.kubeconfig ? ['--kubeconfig', p.kubeconfig] : []),
  ];
}

interface WorkloadStatus {
  spec: number;
  ready: number;
}

async function readWorkload(p: KubectlParams, ctx: ActionContext): Promise<WorkloadStatus> {
  const argv = [...baseArgv(p), 'get', `${p.kind}/${p.name}`, '--output', 'json'];
  const timeoutMs = p.timeoutSec * 1000;
  const result = await runArgv(argv, { env: ctx.env, timeoutMs });
  if (result.code !== 0 || result.timedOut)
    throw new Error(`${displayArgv(argv)} ${describeFailure(result, timeoutMs)}`);
  let object: { spec?: { replicas?: unknown }; status?: { readyReplicas?: unknown } };
  try {
    object = JSON.parse(result.stdout);
  } catch {
    throw new Error(`${displayArgv(argv)} did not print JSON: ${lastLine(result.stdout) || '(nothing)'}`);
  }
  const spec = object.spec?.replicas;
  // The API server omits replicas when it is 1 (the default) and readyReplicas when none is ready.
  return {
    spec: typeof spec === 'number' ? spec : 1,
    ready: typeof object.status?.readyReplicas === 'number' ? object.status.readyReplicas : 0,
  };
}

/**
 * Scales a Deployment or StatefulSet with `kubectl scale --current-replicas`, so a change made by
 * someone else since planning makes kubectl refuse instead of overriding it. Argument vectors only.
 */
export const kubectlPlugin: ActionPlugin<KubectlParams, { argv: string[] }> = {
  name: 'kubectl',
  description: 'Scales a Kubernetes deployment or statefulset (kubectl scale with --current-replicas)',
  params: kubectlParams,

  async read(params, ctx) {
    const status = await readWorkload(params, ctx);
    return {
      replicas: status.spec,
      detail: `${params.kind}/${params.name} in ${params.context}/${params.namespace}: ${status.spec} replicas, ${status.ready} ready`,
    };
  },

  async plan(params, request) {
    if (request.from === null)
      throw new Error(`cannot plan: the current replicas of ${params.kind}/${params.name} are unknown`);
    const argv = [
      ...baseArgv(params),
      'scale',
      `${params.kind}/${params.name}`,
      `--current-replicas=${request.from}`,
      `--replicas=${request.to}`,
    ];
    return {
      summary: `Scale ${params.kind}/${params.name} in ${params.context}/${params.namespace} from ${request.from} to ${request.to}`,
      preview: [`$ ${displayArgv(argv)}`],
      data: { argv },
    };
  },

  async execute(params, plan, _key, ctx) {
    const timeoutMs = params.timeoutSec * 1000;
    const result = await runArgv(plan.data.argv, { env: ctx.env, timeoutMs });
    if (result.code === 0 && !result.timedOut)
      return { ok: true, message: lastLine(result.stdout) || 'scaled' };
    return { ok: false, message: `kubectl scale ${describeFailure(result, timeoutMs)}` };
  },

  async verify(params, _plan, request, ctx) {
    const status = await readWorkload(params, ctx);
    const detail = `${params.kind}/${params.name}: ${status.spec} replicas wanted, ${status.ready} ready`;
    return {
      ok: status.spec === request.to,
      detail: status.spec === request.to ? detail : `${detail}, expected ${request.to}`,
    };
  },
};
