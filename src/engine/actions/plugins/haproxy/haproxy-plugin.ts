import { z } from 'zod';
import type { ActionContext, ActionPlugin } from '../../action-plugin';
import { localRuntimeApi, relayCommand, remoteRuntimeApi, type RuntimeApi } from './runtime-socket';
import { parseServersState, type HaproxyServer } from './server-state';

/** HAProxy proxy and server names: nothing that could end a runtime API command (`;`, space, newline). */
const haproxyName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'must be an HAProxy name (letters, digits, _ . : -)');

const haproxyParams = z.strictObject({
  backend: haproxyName,
  /** The pool in the order servers are taken into service; all of the backend's servers by default. */
  servers: z.array(haproxyName).min(1).optional(),
  /** The stats socket (`stats socket … level admin`). */
  socket: z
    .string()
    .max(1024)
    .regex(/^\/[A-Za-z0-9_./-]+$/, 'must be an absolute path of letters, digits and _ . / -'),
  /** The profile host where the socket is, reached over SSH; this machine when omitted. */
  host: z.string().min(1).max(128).optional(),
  /** The program that bridges SSH to the socket on that host. */
  relay: z.enum(['auto', 'socat', 'nc', 'perl']).default('auto'),
  timeoutSec: z.number().positive().max(120).default(10),
});

type HaproxyParams = z.infer<typeof haproxyParams>;

interface HaproxyPlanData {
  commands: string[];
}

function runtimeApi(params: HaproxyParams, ctx: ActionContext): RuntimeApi {
  const timeoutMs = params.timeoutSec * 1000;
  return params.host
    ? remoteRuntimeApi(ctx.remoteExec, params.host, params.socket, params.relay, timeoutMs)
    : localRuntimeApi(params.socket, timeoutMs);
}

function where(params: HaproxyParams): string {
  return params.host ? `${params.host}:${params.socket}` : params.socket;
}

/** The backend's servers that form the pool, in pool order; a named server missing from HAProxy is an error. */
async function readPool(params: HaproxyParams, ctx: ActionContext): Promise<HaproxyServer[]> {
  const answer = await runtimeApi(params, ctx)(`show servers state ${params.backend}`);
  const servers = parseServersState(answer, params.backend);
  if (!params.servers) return servers;
  return params.servers.map((name) => {
    const server = servers.find((s) => s.name === name);
    if (!server) {
      const known = servers.map((s) => s.name).join(', ') || 'none';
      throw new Error(
        `backend "${params.backend}" at ${where(params)} has no server "${name}" (it has ${known})`,
      );
    }
    return server;
  });
}

function describePool(params: HaproxyParams, pool: HaproxyServer[]): string {
  const enabled = pool.filter((s) => s.enabled);
  const running = enabled.filter((s) => s.running).length;
  return (
    `${enabled.length} of ${pool.length} servers enabled in backend ${params.backend} ` +
    `(${running} running${enabled.length ? `: ${enabled.map((s) => s.name).join(', ')}` : ''})`
  );
}

/**
 * Scales a backend's pool through HAProxy's runtime API: enables servers in pool order to grow it,
 * disables the last enabled ones to shrink it. The socket is local or on a host reached over SSH.
 */
export const haproxyPlugin: ActionPlugin<HaproxyParams, HaproxyPlanData> = {
  name: 'haproxy',
  description: 'Enables or disables servers of an HAProxy backend (runtime API, local or over SSH)',
  params: haproxyParams,

  async read(params, ctx) {
    const pool = await readPool(params, ctx);
    return { replicas: pool.filter((s) => s.enabled).length, detail: describePool(params, pool) };
  },

  async plan(params, request, ctx) {
    const pool = await readPool(params, ctx);
    if (request.to > pool.length) {
      throw new Error(
        `backend ${params.backend} has ${pool.length} servers in its pool; it cannot run ${request.to}`,
      );
    }
    const enabled = pool.filter((s) => s.enabled);
    const change =
      request.to >= enabled.length
        ? pool
            .filter((s) => !s.enabled)
            .slice(0, request.to - enabled.length)
            .map((s) => `enable server ${params.backend}/${s.name}`)
        : enabled.slice(request.to).map((s) => `disable server ${params.backend}/${s.name}`);
    const via = params.host
      ? `on ${params.host} via: ${relayCommand(params.socket, params.relay)}`
      : 'locally';
    return {
      summary: `Scale backend ${params.backend} from ${enabled.length} to ${request.to} servers`,
      preview: [`HAProxy runtime API at ${params.socket} (${via})`, ...change],
      data: { commands: change },
    };
  },

  async execute(params, plan, _key, ctx) {
    if (plan.data.commands.length === 0) return { ok: true, message: 'nothing to change' };
    const answer = await runtimeApi(params, ctx)(plan.data.commands.join('; '));
    // Each command answers an empty line when it succeeds; anything else is HAProxy saying why not.
    const complaints = answer
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (complaints.length > 0)
      return { ok: false, message: `HAProxy at ${where(params)}: ${complaints.join('; ')}` };
    return { ok: true, message: `${plan.data.commands.length} runtime API command(s) accepted` };
  },

  async verify(params, _plan, request, ctx) {
    const pool = await readPool(params, ctx);
    const enabled = pool.filter((s) => s.enabled).length;
    const detail = describePool(params, pool);
    return {
      ok: enabled === request.to,
      detail: enabled === request.to ? detail : `${detail}, expected ${request.to}`,
    };
  },
};
