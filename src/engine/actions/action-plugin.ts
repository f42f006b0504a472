import type { ClientChannel } from 'ssh2';

/** Runs a command on a profile host over its live SSH connection (the fleet's HostConnection.exec). */
export type RemoteExec = (host: string, command: string) => Promise<ClientChannel>;

/** What a plugin may use: nothing global, everything handed in. */
export interface ActionContext {
  app: string;
  remoteExec: RemoteExec;
  /** A secret by keychain account (a webhook's signing key); null when there is none. */
  secret(account: string): Promise<string | null>;
  /** Environment of local processes: PATH decides which kubectl runs. */
  env: NodeJS.ProcessEnv;
  /** The operating-system user confirming the action. */
  user: string;
  now(): number;
}

/** What a plugin read of the thing it changes. */
export interface ReplicaState {
  /** Current replicas, or null when the plugin has no way to read them. */
  replicas: number | null;
  /** One line on what was read, e.g. "3 of 6 servers enabled in backend checkout (3 running)". */
  detail: string;
}

export interface ScaleRequest {
  /** Replicas when planned; null when they could not be read. */
  from: number | null;
  to: number;
  reason?: string;
}

/** A plan as the plugin made it: words for the person confirming, and what execute will do. */
export interface PlanDetail<D = unknown> {
  summary: string;
  /** What will be run or sent, one line each, as the confirmation dialog shows it. */
  preview: string[];
  /** Plugin-private: the commands, argv or request that execute carries out. */
  data: D;
}

export interface ExecutionOutcome {
  ok: boolean;
  message: string;
}

export interface Verification {
  /** null when the plugin cannot check (nothing to read back). */
  ok: boolean | null;
  detail: string;
}

/** A parameter schema: zod's, or anything with the same `safeParse`. */
export interface ParamsSchema<P> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: P }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * An action plugin: reads the current replica count, plans a change with a human-readable preview,
 * executes it under an idempotency key and verifies the result. Built-ins and third-party plugins
 * (loaded from the plugins folder) implement the same interface.
 */
export interface ActionPlugin<P = unknown, D = unknown> {
  /** Referenced from profiles as `action.plugin`. */
  name: string;
  description: string;
  params: ParamsSchema<P>;
  read(params: P, ctx: ActionContext): Promise<ReplicaState>;
  plan(params: P, request: ScaleRequest, ctx: ActionContext): Promise<PlanDetail<D>>;
  /** Carries out the plan. The key is unique per confirmed action; pass it on where the target accepts one. */
  execute(
    params: P,
    plan: PlanDetail<D>,
    idempotencyKey: string,
    ctx: ActionContext,
  ): Promise<ExecutionOutcome>;
  verify(params: P, plan: PlanDetail<D>, request: ScaleRequest, ctx: ActionContext): Promise<Verification>;
}

/** Parses a plugin's parameters; the error names the plugin and each bad field. */
export function parsePluginParams<P>(plugin: ActionPlugin<P, unknown>, params: unknown): P {
  const result = plugin.params.safeParse(params ?? {});
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((i) => `${i.path.map(String).join('.') || 'params'}: ${i.message}`)
    .join('; ');
  throw new Error(
    `the ${plugin.name} action's parameters are not valid (check the profile's scaling.action): ${detail}`,
  );
}
