// What scale suggestions, action plans, results and audit records look like to every front end.

/** The numbers behind a suggestion, so the card can show why. */
export interface ScaleEvidence {
  metric: string;
  /** Last observed value of the metric. */
  last: number;
  /** Highest point forecast within the lookahead, and the highest upper bound of its interval. */
  peak: number;
  peakUpper: number;
  /** Coverage of the interval, e.g. 0.8. */
  level: number;
  /** The forecasting model that produced the forecast. */
  model: string;
  lookaheadMs: number;
  threshold?: number;
  targetPerReplica?: number;
  /** "errors_per_sec cross 50 in about 6 min, 80% interval 4–9 min". */
  crossing?: string;
  /** For a scale-down: the request load recorded at the scale-up it undoes, and the factor applied. */
  loadMetric?: string;
  loadPeak?: number;
  scaleUpLoad?: number;
  alpha?: number;
}

export interface ScaleSuggestion {
  /** Stable while the advice (from → to) stays the same; a good idempotency key for "Scale to N". */
  id: string;
  app: string;
  from: number;
  to: number;
  direction: 'up' | 'down';
  reason: string;
  evidence: ScaleEvidence;
  createdAt: number;
  /** When the suggestion lapses unless a fresh forecast renews it (epoch ms). */
  expires: number;
}

/** A suggestion appeared, changed or was withdrawn (null) for one application. */
export interface SuggestionUpdate {
  app: string;
  suggestion: ScaleSuggestion | null;
}

/** A planned action, as the confirmation dialog shows it. Nothing has run yet. */
export interface ActionPlanView {
  planId: string;
  app: string;
  plugin: string;
  /** Replicas read through the plugin when planning; null when it cannot read them. */
  from: number | null;
  to: number;
  summary: string;
  /** What will be run or sent, one line each. */
  preview: string[];
  /** The key to execute with: the suggestion's, so that two windows acting on it fire once. */
  idempotencyKey: string;
  createdAt: number;
  expires: number;
}

export interface ActionResult {
  planId: string;
  idempotencyKey: string;
  app: string;
  plugin: string;
  from: number | null;
  to: number;
  ok: boolean;
  /** This key had fired before: the result is that execution's, nothing ran again. */
  replayed: boolean;
  message: string;
  /** Whether the plugin read back the intended state; null when it has no way to check. */
  verified: boolean | null;
  verification: string;
  startedAt: number;
  durationMs: number;
}

/** One action in the append-only audit log. Never holds a secret. */
export interface AuditRecord {
  id: string;
  /** The operating-system user who confirmed the action. */
  user: string;
  startedAt: number;
  app: string;
  plugin: string;
  idempotencyKey: string;
  summary: string;
  preview: string[];
  params: Record<string, unknown>;
  from: number | null;
  to: number;
  /** null while running, or when the workbench stopped before the action finished. */
  result: { ok: boolean; message: string; verified: boolean | null; verification: string } | null;
  durationMs: number | null;
}
