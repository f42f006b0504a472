import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, TestProcess } from './processes';
import { waitFor } from './wait-for';

/**
 * A real Secret Service for integration tests: a private D-Bus session bus and gnome-keyring-daemon
 * with an unlocked login keyring in a temporary HOME. keytar (libsecret) reads
 * DBUS_SESSION_BUS_ADDRESS when it first connects, so `useInThisProcess()` must run before keytar is
 * first used; Vitest runs each test file in its own process.
 */
export interface TestKeyring {
  /** The session bus address to put in DBUS_SESSION_BUS_ADDRESS. */
  busAddress: string;
  /** Points this process's D-Bus session (and so keytar) at the test keyring. */
  useInThisProcess(): void;
  stop(): Promise<void>;
}

export function canRunKeyring(): { ok: true } | { ok: false; why: string } {
  for (const [tool, pkg] of [
    ['dbus-daemon', 'dbus'],
    ['gnome-keyring-daemon', 'gnome-keyring'],
    ['dbus-send', 'dbus'],
  ]) {
    if (spawnSync('which', [tool]).status !== 0)
      return { ok: false, why: `${tool} is not installed (Debian package ${pkg})` };
  }
  return { ok: true };
}

export async function startKeyring(): Promise<TestKeyring> {
  const root = mkdtempSync(path.join(tmpdir(), 'wf-keyring-'));
  const home = path.join(root, 'home');
  const runtimeDir = path.join(root, 'run');
  mkdirSync(home, { mode: 0o700 });
  mkdirSync(runtimeDir, { mode: 0o700 });
  const busAddress = `unix:path=${path.join(root, 'bus')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_RUNTIME_DIR: runtimeDir,
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    DBUS_SESSION_BUS_ADDRESS: busAddress,
  };
  const processes: TestProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(processes.reverse().map((p) => p.stop()));
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const bus = TestProcess.start('dbus-daemon', ['--session', '--nofork', `--address=${busAddress}`], {
      env,
    });
    processes.push(bus);
    await waitFor(() => busAnswers(busAddress), { what: `the D-Bus session bus at ${busAddress}` });

    // --unlock reads the login keyring's password on stdin; a fresh HOME gets a new, unlocked login keyring.
    const keyring = TestProcess.start(
      'gnome-keyring-daemon',
      ['--unlock', '--components=secrets', '--foreground'],
      { env, stdio: ['pipe', 'ignore', 'ignore'] },
    );
    processes.push(keyring);
    keyring.child.stdin!.end('watchfloor-test-keyring');
    await waitFor(() => nameHasOwner(busAddress, 'org.freedesktop.secrets'), {
      what: 'gnome-keyring-daemon to own org.freedesktop.secrets',
    });
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    busAddress,
    useInThisProcess() {
      process.env.DBUS_SESSION_BUS_ADDRESS = busAddress;
    },
    stop,
  };
}

async function busAnswers(address: string): Promise<boolean> {
  try {
    await dbusQuery(address, 'GetId', []);
    return true;
  } catch {
    return false;
  }
}

async function nameHasOwner(address: string, name: string): Promise<boolean> {
  return (await dbusQuery(address, 'NameHasOwner', [`string:${name}`])).includes('boolean true');
}

function dbusQuery(address: string, method: string, args: string[]): Promise<string> {
  return run('dbus-send', [
    `--bus=${address}`,
    '--print-reply',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    `org.freedesktop.DBus.${method}`,
    ...args,
  ]);
}
