import { randomUUID } from 'node:crypto';
import type {
  ActionPlanView,
  ActionResult,
  AuditRecord,
  ScaleSuggestion,
  SuggestionUpdate,
} from '../../shared/action-types';
import type { ScalingPolicy } from '../../shared/scaling-schema';
import { adviseScale, type MetricForecast } from '../scaling/scale-advisor';
import { emptyMemory, recordScaleChange, type ScalingMemory } from '../scaling/scaling-memory';
import { SuggestionBook } from '../scaling/suggestion-book';
import { TypedEmitter } from '../typed-emitter';
import {
  parsePluginParams,
  type ActionContext,
  type ActionPlugin,
  type PlanDetail,
  type RemoteExec,
  type ReplicaState,
  type ScaleRequest,
} from './action-plugin';
import type { AuditLog } from './audit-log';
import { IdempotencyRegistry } from './idempotency-registry';
import type { PluginRegistry } from './plugin-registry';

export interface ActionServiceOptions {
  plugins: PluginRegistry;
  audit: AuditLog;
  /** The operating-system user, recorded in the audit log. */
  user: string;
  remoteExec: RemoteExec;
  /** A secret by keychain account (webhook signing keys). */
  secret(account: string): Promise<string | null>;
  /** The scaling policy of an application of the connected profile; null when it has none. */
  policyOf(app: string): Promise<ScalingPolicy | null>;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /** How long a plan may wait for its confirmation. */
  planTtlMs?: number;
  newId?: () => string;
}

export interface ActionServiceEvents {
  suggestion: SuggestionUpdate;
  actionResult: ActionResult;
}

interface StoredPlan {
  view: ActionPlanView;
  plugin: ActionPlugin;
  params: unknown;
  request: ScaleRequest;
  detail: PlanDetail;
  /** The key it was executed with; a plan runs once. */
  executedWith: string | null;
}

const DEFAULT_PLAN_TTL_MS = 5 * 60_000;

/**
 * Suggestions and actions behind the contract: turns forecasts into scale suggestions, plans a change
 * through the application's action plugin, executes a confirmed plan once per idempotency key, and
 * records every execution in the audit log.
 */
export class ActionService {
  readonly events = new TypedEmitter<ActionServiceEvents>();
  private readonly book = new SuggestionBook();
  private readonly memory = new Map<string, ScalingMemory>();
  private readonly replicas = new Map<string, number>();
  /** The latest request load per application, remembered at each scale-up. */
  private readonly load = new Map<string, number>();
  private readonly plans = new Map<string, StoredPlan>();
  private readonly keys = new IdempotencyRegistry<ActionResult>();
  private seeded: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(private readonly options: ActionServiceOptions) {
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
  }

  listSuggestions(): ScaleSuggestion[] {
    return this.book.list(this.now());
  }

  /** Reads the application's replicas through its action plugin, and remembers them for advice. */
  async readReplicas(app: string): Promise<ReplicaState> {
    const { plugin, params } = await this.pluginFor(app);
    const state = await plugin.read(params, this.context(app));
    if (state.replicas !== null) this.replicas.set(app, state.replicas);
    return state;
  }

  /**
   * Advice from fresh forecasts of an application's metrics: the suggestion is made, renewed, replaced
   * or withdrawn, and front ends hear of every change. Replicas are read through the plugin the first
   * time; after that, the last count read or set is used.
   */
  async updateForecast(
    app: string,
    forecasts: Record<string, MetricForecast>,
  ): Promise<ScaleSuggestion | null> {
    const policy = await this.options.policyOf(app);
    const replicas = policy ? (this.replicas.get(app) ?? (await this.readReplicas(app)).replicas) : null;
    const loadSeries = policy ? forecasts[policy.scaleDown.metric ?? policy.metric] : undefined;
    if (loadSeries) this.load.set(app, loadSeries.last);
    const now = this.now();
    const advice =
      policy && replicas !== null
        ? adviseScale({ app, policy, replicas, forecasts, memory: this.memoryOf(app), now })
        : null;
    const { change, suggestion } = this.book.offer(app, advice, now);
    if (change !== 'unchanged') this.events.emit('suggestion', { app, suggestion });
    return suggestion;
  }

  /** Withdraws suggestions whose time ran out; call it on a timer. */
  expireSuggestions(): void {
    for (const app of this.book.expire(this.now())) this.events.emit('suggestion', { app, suggestion: null });
  }

  async planAction(request: { app: string; to: number; suggestionId?: string }): Promise<ActionPlanView> {
    const now = this.now();
    for (const [id, plan] of this.plans)
      if (plan.view.expires <= now && !plan.executedWith) this.plans.delete(id);
    const { policy, plugin, params } = await this.pluginFor(request.app);
    if (request.to < policy.min || request.to > policy.max) {
      throw new Error(
        `${request.app} scales between ${policy.min} and ${policy.max} replicas (its policy); ${request.to} is outside`,
      );
    }
    const suggestion = request.suggestionId ? this.book.get(request.suggestionId, now) : null;
    if (request.suggestionId && !suggestion) {
      throw new Error(`suggestion ${request.suggestionId} has expired or changed; use the current one`);
    }
    const ctx = this.context(request.app);
    const state = await plugin.read(params, ctx);
    if (state.replicas !== null) this.replicas.set(request.app, state.replicas);
    const scale: ScaleRequest = {
      from: state.replicas,
      to: request.to,
      ...(suggestion ? { reason: suggestion.reason } : {}),
    };
    const detail = await plugin.plan(params, scale, ctx);
    const planId = this.newId();
    const view: ActionPlanView = {
      planId,
      app: request.app,
      plugin: plugin.name,
      from: state.replicas,
      to: request.to,
      summary: detail.summary,
      preview: [...detail.preview, `now: ${state.detail}`],
      // Every window showing this suggestion plans with the same key, so only the first confirmation fires.
      idempotencyKey: suggestion ? `suggestion:${suggestion.id}` : `plan:${planId}`,
      createdAt: now,
      expires: now + (this.options.planTtlMs ?? DEFAULT_PLAN_TTL_MS),
    };
    this.plans.set(planId, { view, plugin, params, request: scale, detail, executedWith: null });
    return view;
  }

  /**
   * Executes a confirmed plan. A key that has fired before (or is firing now) returns that execution's
   * result and runs nothing; a plan runs once, whatever key it is given.
   */
  async executeAction(request: { planId: string; idempotencyKey: string }): Promise<ActionResult> {
    await this.seedKeysFromAudit();
    const { planId, idempotencyKey: key } = request;
    if (this.keys.has(key)) {
      const earlier = await this.keys.run(key, () => Promise.reject(new Error('unreachable')));
      return { ...earlier.result, replayed: true };
    }
    // From here to keys.run nothing awaits: a second call sees this key in flight or this plan used.
    const plan = this.plans.get(planId);
    if (!plan || (plan.view.expires <= this.now() && !plan.executedWith)) {
      throw new Error(`plan ${planId} is unknown or has expired; plan the action again`);
    }
    if (plan.executedWith) {
      throw new Error(
        `plan ${planId} was already executed (key ${plan.executedWith}); plan the action again`,
      );
    }
    plan.executedWith = key;
    const { result, replayed } = await this.keys.run(key, () => this.carryOut(plan, key));
    return replayed ? { ...result, replayed: true } : result;
  }

  async getAuditLog(request: { limit?: number } = {}): Promise<AuditRecord[]> {
    const { records } = await this.options.audit.read(request.limit ?? 500);
    return records.map(({ planId: _planId, ...record }) => record);
  }

  private async carryOut(plan: StoredPlan, key: string): Promise<ActionResult> {
    const { view, plugin, params, request, detail } = plan;
    const ctx = this.context(view.app);
    const id = this.newId();
    const startedAt = this.now();
    await this.options.audit.append({
      type: 'started',
      id,
      planId: view.planId,
      at: startedAt,
      user: this.options.user,
      app: view.app,
      plugin: view.plugin,
      idempotencyKey: key,
      summary: view.summary,
      preview: view.preview,
      params: params as Record<string, unknown>,
      from: view.from,
      to: view.to,
    });
    let outcome: { ok: boolean; message: string };
    let verification: { ok: boolean | null; detail: string } = { ok: null, detail: 'not run' };
    try {
      const current = await plugin.read(params, ctx);
      if (request.from !== null && current.replicas !== null && current.replicas !== request.from) {
        outcome = {
          ok: false,
          message: `not run: ${view.app} has ${current.replicas} replicas now, not the ${request.from} planned; plan again`,
        };
      } else {
        outcome = await plugin.execute(params, detail, key, ctx);
        if (outcome.ok) {
          verification = await plugin
            .verify(params, detail, request, ctx)
            .catch((err: Error) => ({ ok: false, detail: `could not verify: ${err.message}` }));
        }
      }
    } catch (err) {
      outcome = { ok: false, message: (err as Error).message };
    }
    const durationMs = this.now() - startedAt;
    const result: ActionResult = {
      planId: view.planId,
      idempotencyKey: key,
      app: view.app,
      plugin: view.plugin,
      from: view.from,
      to: view.to,
      ok: outcome.ok,
      replayed: false,
      message: outcome.message,
      verified: verification.ok,
      verification: verification.detail,
      startedAt,
      durationMs,
    };
    await this.options.audit.append({
      type: 'finished',
      id,
      at: this.now(),
      ok: result.ok,
      message: result.message,
      verified: result.verified,
      verification: result.verification,
      durationMs,
    });
    if (result.ok) this.applied(view.app, view.from, view.to);
    this.events.emit('actionResult', result);
    return result;
  }

  /** After a change: remember it for scale-down and cooldown, and withdraw the suggestion it answered. */
  private applied(app: string, from: number | null, to: number): void {
    if (from !== null) {
      const change = { from, to, load: this.load.get(app) ?? 0, at: this.now() };
      this.memory.set(app, recordScaleChange(this.memoryOf(app), change));
    }
    this.replicas.set(app, to);
    if (this.book.withdraw(app)) this.events.emit('suggestion', { app, suggestion: null });
  }

  private memoryOf(app: string): ScalingMemory {
    return this.memory.get(app) ?? emptyMemory();
  }

  private async pluginFor(app: string) {
    const policy = await this.options.policyOf(app);
    if (!policy) throw new Error(`application "${app}" has no scaling policy in the profile`);
    const plugin = this.options.plugins.get(policy.action.plugin);
    return { policy, plugin, params: parsePluginParams(plugin, policy.action.params) };
  }

  private context(app: string): ActionContext {
    return {
      app,
      remoteExec: this.options.remoteExec,
      secret: (account) => this.options.secret(account),
      env: this.options.env ?? process.env,
      user: this.options.user,
      now: this.now,
    };
  }

  /** Keys in the audit log never fire again, even after a restart; unfinished ones count as fired. */
  private seedKeysFromAudit(): Promise<void> {
    this.seeded ??= this.options.audit.read().then(({ records }) => {
      for (const r of records) {
        this.keys.seed(r.idempotencyKey, {
          planId: r.planId,
          idempotencyKey: r.idempotencyKey,
          app: r.app,
          plugin: r.plugin,
          from: r.from,
          to: r.to,
          ok: r.result?.ok ?? false,
          replayed: true,
          message:
            r.result?.message ??
            'the workbench stopped before this action finished; check the current state and plan again',
          verified: r.result?.verified ?? null,
          verification: r.result?.verification ?? 'unknown',
          startedAt: r.startedAt,
          durationMs: r.durationMs ?? 0,
        });
      }
    });
    return this.seeded;
  }
}
