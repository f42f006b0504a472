import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { eventNames, requestNames } from '../shared/api';
import { IPC_EVENT_CHANNEL, ipcRequestChannel } from '../shared/ipc-channels';
import type { EnginePort } from '../engine/engine-port';
import { toDisposable, type Disposable } from '../engine/disposable';

/**
 * Relays the contract between the renderer and the engine: one handler per request, each checking that
 * the message comes from our own window's top frame and page before it reaches the engine (which
 * validates the parameters).
 */
export function relayContract(
  engine: EnginePort,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  target: () => WebContents | null,
): Disposable {
  for (const name of requestNames) {
    ipcMain.handle(ipcRequestChannel(name), (event, params: unknown) => {
      if (!isTrustedSender(event)) {
        return {
          ok: false,
          error: { message: 'request refused: it did not come from the Watchfloor window' },
        };
      }
      return engine.request(name, params);
    });
  }
  const subscriptions = eventNames.map((name) =>
    engine.events.on(name, (payload) => {
      const contents = target();
      if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
    }),
  );
  return toDisposable(() => {
    for (const name of requestNames) ipcMain.removeHandler(ipcRequestChannel(name));
    subscriptions.forEach((s) => s.dispose());
  });
}
