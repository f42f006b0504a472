import type { HeatmapCells, RateSeries, SearchResult, StreamPage } from '../../shared/api';
import type { LogEvent } from '../../shared/types';
import type { Disposable } from '../disposable';
import type { ParsedRows } from '../ingest/parsed-rows';
import type { SourceIdentity } from '../ingest/source-ingest';
import { Indexer } from '../search/indexer';
import type { IndexWorkerClient } from '../search/remote-indexing';
import { parseQuery, QuerySyntaxError } from '../search/query-parser';
import type { RegexTrial } from '../search/regex-trial';
import { searchStore } from '../search/search-executor';
import { LogStore, type LogStoreOptions } from './log-store';

export interface LogWindowOptions extends LogStoreOptions {
  /** How often waiting rows are placed in the merged order. */
  commitIntervalMs?: number;
  /** Longest stretch of indexing between I/O callbacks. */
  indexSliceMs?: number;
  /** Indexes on another thread (see Indexer); the window owns it, as it owns `arenas`. */
  indexWorker?: IndexWorkerClient;
}

export interface SearchParams {
  query: string;
  limit?: number;
  newestFirst?: boolean;
  from?: number;
}

const DEFAULT_COMMIT_MS = 20;
const DEFAULT_SEARCH_LIMIT = 1000;
/** Recent lines a query's regex is tried on before it runs over the window. */
const TRIAL_LINES = 200;
/** Rows waiting for the watermark past which they are placed at once, to bound what waits. */
const MAX_WAITING = 200_000;
const HOUR_MS = 3_600_000;
const FIVE_MINUTES_MS = 300_000;

/**
 * The session's log window: the merged store, its index built in the background, the commit timer, and
 * the queries front ends make of it (pages, search, heatmap, rates).
 */
export class LogWindow implements Disposable {
  readonly store: LogStore;
  readonly indexer: Indexer;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: LogWindowOptions = {}) {
    this.now = options.now ?? Date.now;
    this.store = new LogStore(options);
    this.indexer = new Indexer(this.store, {
      sliceMs: options.indexSliceMs,
      worker: options.indexWorker,
      now: this.now,
    });
  }

  add(events: readonly LogEvent[]): void {
    this.store.add(events);
    this.added();
  }

  /** One source's rows parsed into columns (see ParsedRows). */
  addRows(source: SourceIdentity, rows: ParsedRows): void {
    this.store.addRows(source, rows);
    this.added();
  }

  private added(): void {
    if (this.store.waiting > MAX_WAITING) this.store.commit();
    this.timer ??= setInterval(() => this.store.commit(), this.options.commitIntervalMs ?? DEFAULT_COMMIT_MS);
  }

  page(from: number, count: number): StreamPage {
    return { total: this.store.size, evicted: this.store.evicted, rows: this.store.page(from, count) };
  }

  /**
   * `search`, once every regex of the query has been tried on recent lines by `trial`: one that backtracks
   * without end is refused (as a syntax error is, naming it) instead of freezing the engine.
   */
  async searchTried(params: SearchParams, trial: RegexTrial): Promise<SearchResult> {
    let regexes: RegExp[] = [];
    try {
      regexes = parseQuery(params.query, this.now()).regexes;
    } catch (err) {
      if (!(err instanceof QuerySyntaxError)) throw err;
    }
    for (const regex of regexes) {
      if (await trial.finishes(regex, () => this.recentMessages(TRIAL_LINES))) continue;
      return {
        total: 0,
        indexes: [],
        evicted: this.store.evicted,
        indexLagLines: this.indexer.lagRows,
        scannedLines: 0,
        tookMs: 0,
        error: {
          message:
            `/${regex.source}/ backtracks without end on lines like these (nested repetition such as (a+)+): ` +
            'make the repeated part unambiguous, or search for a word it contains',
          position: Math.max(0, params.query.indexOf(`/${regex.source}/`)),
        },
      };
    }
    return this.search(params);
  }

  search(params: SearchParams): SearchResult {
    const started = performance.now();
    const base = { total: 0, indexes: [], evicted: this.store.evicted };
    try {
      const query = parseQuery(params.query, this.now());
      const matches = searchStore(this.store, this.indexer, query, {
        limit: params.limit ?? DEFAULT_SEARCH_LIMIT,
        newestFirst: params.newestFirst ?? false,
        from: params.from ?? 0,
      });
      return {
        total: matches.total,
        indexes: matches.indexes,
        evicted: this.store.evicted,
        indexLagLines: this.indexer.lagRows,
        scannedLines: matches.scannedRows,
        tookMs: performance.now() - started,
      };
    } catch (err) {
      if (!(err instanceof QuerySyntaxError)) throw err;
      return {
        ...base,
        indexLagLines: this.indexer.lagRows,
        scannedLines: 0,
        tookMs: performance.now() - started,
        error: { message: err.message, position: err.position },
      };
    }
  }

  private recentMessages(count: number): string[] {
    const size = this.store.size;
    return this.store.page(Math.max(0, size - count), count).map((row) => row.message);
  }

  heatmap(params: { from?: number; to?: number; bucketSec?: number }): HeatmapCells {
    const to = params.to ?? this.newestTime();
    return this.store.rollups.heatmap(params.from ?? to - HOUR_MS, to, (params.bucketSec ?? 10) * 1000);
  }

  rates(params: { from?: number; to?: number; stepSec?: number }): RateSeries {
    const to = params.to ?? this.newestTime();
    return this.store.rollups.rates(params.from ?? to - FIVE_MINUTES_MS, to, (params.stepSec ?? 1) * 1000);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.indexer.dispose();
    this.options.arenas?.dispose();
  }

  private newestTime(): number {
    const newest = this.store.rollups.newestTime;
    return Number.isFinite(newest) ? newest : this.now();
  }
}
