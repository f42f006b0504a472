import { app, BrowserWindow, dialog, Menu, session, shell, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { homedir, userInfo } from 'node:os';
import { demoSnapshotPath } from '../engine/snapshots/demo-snapshot';
import { EngineClient } from '../engine/worker/engine-client';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import { IPC_EVENT_CHANNEL } from '../shared/ipc-channels';
import type { MenuCommand } from '../shared/api';
import { relayContract } from './ipc-relay';
import { applicationMenu } from './menu';
import type { WindowLimits } from './window-bounds';
import { loadWindowState, rememberWindowState } from './window-state';

const rendererUrl = process.env.ELECTRON_RENDERER_URL;
let mainWindow: BrowserWindow | null = null;

function profilesDir(): string {
  return process.env.WATCHFLOOR_PROFILES ?? path.join(app.getPath('userData'), 'profiles');
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!mainWindow || event.sender !== mainWindow.webContents || !frame || frame.parent !== null) return false;
  const url = new URL(frame.url);
  return rendererUrl ? url.origin === new URL(rendererUrl).origin : url.protocol === 'file:';
}

const WINDOW_LIMITS: WindowLimits = { width: 1440, height: 900, minWidth: 900, minHeight: 560 };

function windowStateFile(): string {
  return path.join(app.getPath('userData'), 'window-state.json');
}

function createWindow(): BrowserWindow {
  const state = loadWindowState(windowStateFile(), WINDOW_LIMITS);
  const window = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: WINDOW_LIMITS.minWidth,
    minHeight: WINDOW_LIMITS.minHeight,
    title: 'Watchfloor',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  rememberWindowState(window, windowStateFile());
  window.once('ready-to-show', () => window.show());
  // Nothing navigates the workbench away, and log text can never open windows.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (rendererUrl) void window.loadURL(rendererUrl);
  else void window.loadFile(path.join(__dirname, '../renderer/index.html'));
  return window;
}

app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy("'self'")],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(permission === 'notifications' || permission === 'clipboard-sanitized-write'),
  );

  const engine = new EngineClient(path.join(__dirname, 'engine-worker.js'), {
    profilesDir: profilesDir(),
    home: process.env.HOME || homedir(),
    agentSocket: process.env.SSH_AUTH_SOCK || undefined,
    localUser: userInfo().username,
    demoSnapshot: demoSnapshotPath(__dirname),
    indexWorkerPath: path.join(__dirname, 'index-worker.js'),
    parseWorkerPath: path.join(__dirname, 'parse-worker.js'),
  });
  const relay = relayContract(engine, isTrustedSender, () => mainWindow?.webContents ?? null);
  // Menu commands reach the renderer as a contract event on the event channel, like the engine's events.
  const sendMenuCommand = (command: MenuCommand) => {
    const contents = mainWindow?.webContents;
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, 'menuCommand', { command });
  };
  // The engine announces the review (or why the file could not be opened) to the renderer by its events.
  const openSnapshot = async () => {
    const choice = await dialog.showOpenDialog({
      title: 'Open Snapshot',
      properties: ['openFile'],
      filters: [{ name: 'Watchfloor snapshots', extensions: ['wfsnap'] }],
    });
    if (!choice.canceled && choice.filePaths[0])
      await engine.request('openSnapshot', { file: choice.filePaths[0] });
  };
  Menu.setApplicationMenu(applicationMenu(sendMenuCommand, () => void openSnapshot()));
  mainWindow = createWindow();
  mainWindow.on('closed', () => (mainWindow = null));

  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
  });
  app.on('will-quit', () => {
    relay.dispose();
    void engine.dispose();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
