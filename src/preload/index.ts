import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventNames, isEventName, requestNames, type EventName } from '../shared/api';
import { IPC_EVENT_CHANNEL, ipcRequestChannel } from '../shared/ipc-channels';

// Exposes exactly the contract: one function per request, and `on` for the contract's events. Nothing else
// of Electron reaches the page.
const requests = Object.fromEntries(
  requestNames.map((name) => [
    name,
    (params: unknown) => ipcRenderer.invoke(ipcRequestChannel(name), params ?? {}),
  ]),
);

contextBridge.exposeInMainWorld('watchfloor', {
  ...requests,
  eventNames: [...eventNames],
  on(event: EventName, listener: (payload: unknown) => void): () => void {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
});
