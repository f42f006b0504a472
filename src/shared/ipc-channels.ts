/** Electron IPC channel names, derived from the contract's names. */
export const ipcRequestChannel = (name: string): string => `watchfloor:request:${name}`;
export const IPC_EVENT_CHANNEL = 'watchfloor:event';
