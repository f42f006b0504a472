import type { EventName, RequestOutcome } from '../../shared/api';
import type { EngineOptions } from '../engine';

/** Messages between a front end's process and the engine's worker thread. */
export type ToEngine = { kind: 'request'; id: number; name: string; params: unknown } | { kind: 'shutdown' };

export type FromEngine =
  | { kind: 'response'; id: number; outcome: RequestOutcome<unknown> }
  | { kind: 'event'; name: EventName; payload: unknown };

/** What the worker is started with: plain data only (no functions cross a thread). */
export type EngineWorkerData = Omit<EngineOptions, 'secrets' | 'hostKeyPrompt' | 'now'>;
