import {
  requestNames,
  type EventListener,
  type EventName,
  type RequestName,
  type RequestOutcome,
  type WatchfloorEvents,
  type WatchfloorRequests,
} from '../shared/api';

// The one place the renderer talks to the engine: through Electron's preload bridge when it is there,
// otherwise over the headless host's WebSocket. Both carry the same contract.

type RawRequests = { [K in RequestName]: (params: unknown) => Promise<RequestOutcome<unknown>> };
type Bridge = RawRequests & { on(event: EventName, listener: (payload: unknown) => void): () => void };

interface Transport {
  request(name: RequestName, params: unknown): Promise<RequestOutcome<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

function electronTransport(bridge: Bridge): Transport {
  return {
    request: (name, params) => bridge[name](params),
    on: (event, listener) => bridge.on(event, listener),
  };
}

function webSocketTransport(): Transport {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, (outcome: RequestOutcome<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let nextId = 1;
  const socket = new WebSocket(url);
  const open = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('cannot reach the Watchfloor host')));
  });
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data));
    if (data.kind === 'response') {
      pending.get(data.id)?.(data.outcome);
      pending.delete(data.id);
    } else if (data.kind === 'event') {
      listeners.get(data.name)?.forEach((listener) => listener(data.payload));
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values())
      resolve({ ok: false, error: { message: 'the connection to the Watchfloor host closed' } });
    pending.clear();
  });
  return {
    async request(name, params) {
      await open;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ kind: 'request', id, name, params }));
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

const bridge = (window as unknown as { watchfloor?: Bridge }).watchfloor;
const transport: Transport = bridge ? electronTransport(bridge) : webSocketTransport();

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Every request of the contract, resolving with its result or rejecting with the engine's message. */
export const api = Object.fromEntries(
  requestNames.map((name) => [
    name,
    async (params: unknown) => {
      const outcome = await transport.request(name, params ?? {});
      if (!outcome.ok) throw new ApiError(outcome.error.message, outcome.error.code);
      return outcome.value;
    },
  ]),
) as unknown as WatchfloorRequests;

export const events: WatchfloorEvents = {
  on<E extends EventName>(event: E, listener: EventListener<E>) {
    return transport.on(event, listener as (payload: unknown) => void);
  },
};
