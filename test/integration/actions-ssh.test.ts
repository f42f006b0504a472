import { chmodSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../src/engine/actions/action-plugin';
import { sshPlugin } from '../../src/engine/actions/plugins/ssh-plugin';
import { connectFleetExec, type SshExecPool } from '../harness/ssh-exec';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

describe.runIf(harness.ok)('ssh action on real sshd hosts', () => {
  let fleet: SshFleet;
  let ssh: SshExecPool;

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 2, agent: false });
    // The test user writes its "replica count" into the host's own folder, seen as fleet.viewDir there.
    for (const host of fleet.hosts) chmodSync(host.logDir, 0o777);
    ssh = await connectFleetExec(fleet);
  });

  afterAll(async () => {
    ssh?.close();
    await fleet?.stop();
  });

  const context = (app: string): ActionContext => ({
    app,
    remoteExec: ssh.exec,
    secret: async () => null,
    env: process.env,
    user: 'oncall',
    now: Date.now,
  });

  const params = () => {
    const file = `${fleet.viewDir}/replicas`;
    const parsed = sshPlugin.params.safeParse({
      host: 'web-2',
      command: [
        '/bin/sh',
        '-c',
        'printf "%s\\n" "$1" > "$2"; printf "%s\\n" "$3" > "$2.app"',
        'scale',
        '{to}',
        file,
        '{app}',
      ],
      readCommand: ['/bin/sh', '-c', 'cat "$1" 2>/dev/null || echo 1', 'read', file],
    });
    if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
    return parsed.data;
  };

  it('runs the command template on the named host only, then reads the count back to verify', async () => {
    const p = params();
    const ctx = context('checkout');
    expect(await sshPlugin.read(p, ctx)).toMatchObject({ replicas: 1 });
    const plan = await sshPlugin.plan(p, { from: 1, to: 3 }, ctx);
    expect(plan.preview[0]).toMatch(/^web-2\$ '\/bin\/sh' '-c' .* 'scale' '3' '.*\/replicas' 'checkout'$/);
    expect(await sshPlugin.execute(p, plan, 'key-ssh-1', ctx)).toEqual({
      ok: true,
      message: 'web-2: command exited 0',
    });
    expect(await sshPlugin.verify(p, plan, { from: 1, to: 3 }, ctx)).toMatchObject({ ok: true });
    const [web1, web2] = fleet.hosts;
    expect(readFileSync(path.join(web2.logDir, 'replicas'), 'utf8')).toBe('3\n');
    expect(existsSync(path.join(web1.logDir, 'replicas'))).toBe(false);
  });

  it('hands a hostile value to the command as one plain argument', async () => {
    const p = params();
    const hostile = `x'; touch /tmp/wf-pwned-$$; echo '`;
    const ctx = context(hostile);
    const plan = await sshPlugin.plan(p, { from: 3, to: 2 }, ctx);
    expect((await sshPlugin.execute(p, plan, 'key-ssh-2', ctx)).ok).toBe(true);
    expect(readFileSync(path.join(fleet.hosts[1].logDir, 'replicas.app'), 'utf8')).toBe(`${hostile}\n`);
  });

  it('reports the host, the command and what it printed when it fails', async () => {
    const parsed = sshPlugin.params.safeParse({
      host: 'web-1',
      command: ['/bin/sh', '-c', 'echo "pool {app} is frozen" >&2; exit 4'],
    });
    if (!parsed.success) throw new Error('parameters should parse');
    const ctx = context('checkout');
    const plan = await sshPlugin.plan(parsed.data, { from: null, to: 2 }, ctx);
    const outcome = await sshPlugin.execute(parsed.data, plan, 'key-ssh-3', ctx);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/^web-1: '\/bin\/sh' '-c' .* exited 4: pool checkout is frozen$/);
    expect(await sshPlugin.verify(parsed.data, plan, { from: null, to: 2 }, ctx)).toEqual({
      ok: null,
      detail: 'not verified: the profile gives no readCommand',
    });
  });
});
