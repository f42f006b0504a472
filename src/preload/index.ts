import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
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

// A snapshot dropped on the window is opened by its path, which only the preload can see. The default is
// prevented so the page does not upload it too; the page learns of the review from the engine's events,
// as after File → Open Snapshot.
interface DroppedFile {
  name: string;
}
interface DropEvent {
  dataTransfer: { files: ArrayLike<DroppedFile> } | null;
  preventDefault(): void;
}
const page = globalThis as unknown as {
  addEventListener(type: 'drop', listener: (event: DropEvent) => void, capture: boolean): void;
};
page.addEventListener(
  'drop',
  (event) => {
    const file = Array.from(event.dataTransfer?.files ?? []).find((f) => f.name.endsWith('.wfsnap'));
    if (!file) return;
    event.preventDefault();
    const path = webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
    void ipcRenderer.invoke(ipcRequestChannel('openSnapshot'), { file: path });
  },
  true,
);
