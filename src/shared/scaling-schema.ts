import { z } from 'zod';

// How an application scales: which metric drives it, within which bounds, and which action plugin
// reads and changes its replica count. Plugin parameters are checked by the plugin's own schema.

/** `lines_per_sec`, `errors_per_sec`, `error_ratio`, a host metric (`load1`) or a custom metric name. */
export const metricName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_.:-]*$/, 'must be a metric name (letters, digits, _ . : -)');

export const pluginName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a plugin name (lower-case letters, digits and -)');

/** Which plugin carries out a change, and its parameters (validated by that plugin when planning). */
export const actionRefSchema = z.strictObject({
  plugin: pluginName,
  params: z.record(z.string(), z.unknown()).default({}),
});

export const scaleDownSchema = z.strictObject({
  /**
   * Scale down once the request load falls below the load recorded at the matching scale-up × alpha
   * (Campos 2021): below 1, so the pool shrinks only well after the surge that grew it has passed.
   */
  alpha: z.number().gt(0).lt(1).default(0.7),
  /** The request-load metric remembered at each scale-up; the policy's metric when omitted. */
  metric: metricName.optional(),
});

export const scalingPolicySchema = z
  .strictObject({
    metric: metricName,
    /** The metric one replica carries: replicas needed = ceil(forecast peak / targetPerReplica). */
    targetPerReplica: z.number().positive().optional(),
    /** Or: add `step` replicas when the forecast reaches this value within the lookahead. */
    threshold: z.number().optional(),
    min: z.number().int().min(0),
    max: z.number().int().min(1),
    step: z.number().int().min(1).default(1),
    /** No new suggestion this long after a change, so its effect shows in the metric first. */
    cooldownSec: z.number().min(0).default(300),
    /** How far ahead the forecast is read. */
    lookaheadSec: z.number().positive().default(600),
    /** A suggestion not renewed by a fresh forecast expires after this long. */
    suggestionTtlSec: z.number().positive().default(300),
    scaleDown: scaleDownSchema.prefault({}),
    action: actionRefSchema,
  })
  .superRefine((policy, ctx) => {
    if ((policy.targetPerReplica === undefined) === (policy.threshold === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['targetPerReplica'],
        message: 'give exactly one of "targetPerReplica" and "threshold"',
      });
    }
    if (policy.min > policy.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: `min (${policy.min}) must not exceed max (${policy.max})`,
      });
    }
  });

export type ScalingPolicy = z.infer<typeof scalingPolicySchema>;
export type ScalingPolicyInput = z.input<typeof scalingPolicySchema>;
export type ActionRef = z.infer<typeof actionRefSchema>;
