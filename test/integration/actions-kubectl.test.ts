import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../src/engine/actions/action-plugin';
import { kubectlPlugin } from '../../src/engine/actions/plugins/kubectl-plugin';

// No Kubernetes cluster exists on this machine. These tests put a recording `kubectl` first on PATH: it
// writes each argument vector it receives to a file and answers like kubectl would (JSON for `get`,
// "scaled" for `scale`, and kubectl's own error when --current-replicas does not match). They prove
// the argv, the context/namespace flags and the precondition, not a real rollout.
const RECORDER = `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.KUBECTL_RECORD, JSON.stringify(args) + '\\n');
const stateFile = process.env.KUBECTL_STATE;
const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
const verb = args.find((a) => a === 'get' || a === 'scale');
const target = args[args.indexOf(verb) + 1];
if (verb === 'get') {
  process.stdout.write(JSON.stringify({ kind: 'Deployment', metadata: { name: target.split('/')[1] },
    spec: { replicas: state.replicas }, status: { replicas: state.replicas, readyReplicas: state.replicas } }));
} else if (verb === 'scale') {
  const current = args.find((a) => a.startsWith('--current-replicas='));
  const wanted = Number(args.find((a) => a.startsWith('--replicas=')).split('=')[1]);
  if (current && Number(current.split('=')[1]) !== state.replicas) {
    process.stderr.write('error: Expected replicas to be ' + current.split('=')[1] + ', was ' + state.replicas + '\\n');
    process.exit(1);
  }
  state.replicas = wanted;
  fs.writeFileSync(stateFile, JSON.stringify(state));
  process.stdout.write(target.replace('deployment/', 'deployment.apps/') + ' scaled\\n');
} else {
  process.stderr.write('error: unknown command\\n');
  process.exit(1);
}
`;

describe('kubectl action, with a recording kubectl on PATH (no cluster exists here)', () => {
  let dir: string;
  let record: string;
  let stateFile: string;
  let ctx: ActionContext;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wf-kubectl-'));
    const bin = path.join(dir, 'bin');
    record = path.join(dir, 'argv.jsonl');
    stateFile = path.join(dir, 'state.json');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'kubectl'), RECORDER);
    chmodSync(path.join(bin, 'kubectl'), 0o755);
    ctx = {
      app: 'checkout',
      remoteExec: () => Promise.reject(new Error('no ssh')),
      secret: async () => null,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        KUBECTL_RECORD: record,
        KUBECTL_STATE: stateFile,
      },
      user: 'oncall',
      now: Date.now,
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    writeFileSync(stateFile, JSON.stringify({ replicas: 3 }));
    writeFileSync(record, '');
  });

  const recorded = () =>
    readFileSync(record, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as string[]);

  const params = kubectlPlugin.params.safeParse({
    kind: 'deployment',
    name: 'checkout',
    namespace: 'shop',
    context: 'prod-eu',
  });

  it('reads, scales with --current-replicas and the profile context and namespace, then verifies', async () => {
    if (!params.success) throw new Error('parameters should parse');
    expect(await kubectlPlugin.read(params.data, ctx)).toEqual({
      replicas: 3,
      detail: 'deployment/checkout in prod-eu/shop: 3 replicas, 3 ready',
    });
    const plan = await kubectlPlugin.plan(params.data, { from: 3, to: 5 }, ctx);
    expect(plan.preview).toEqual([
      '$ kubectl --context prod-eu --namespace shop scale deployment/checkout --current-replicas=3 --replicas=5',
    ]);
    expect(await kubectlPlugin.execute(params.data, plan, 'key-k8s-1', ctx)).toEqual({
      ok: true,
      message: 'deployment.apps/checkout scaled',
    });
    expect(await kubectlPlugin.verify(params.data, plan, { from: 3, to: 5 }, ctx)).toMatchObject({
      ok: true,
    });
    expect(recorded()).toEqual([
      ['--context', 'prod-eu', '--namespace', 'shop', 'get', 'deployment/checkout', '--output', 'json'],
      [
        '--context',
        'prod-eu',
        '--namespace',
        'shop',
        'scale',
        'deployment/checkout',
        '--current-replicas=3',
        '--replicas=5',
      ],
      ['--context', 'prod-eu', '--namespace', 'shop', 'get', 'deployment/checkout', '--output', 'json'],
    ]);
  });

  it("fails with kubectl's own message when someone scaled since planning (the precondition)", async () => {
    if (!params.success) throw new Error('parameters should parse');
    const plan = await kubectlPlugin.plan(params.data, { from: 3, to: 5 }, ctx);
    writeFileSync(stateFile, JSON.stringify({ replicas: 4 }));
    expect(await kubectlPlugin.execute(params.data, plan, 'key-k8s-2', ctx)).toEqual({
      ok: false,
      message: 'kubectl scale exited 1: error: Expected replicas to be 3, was 4',
    });
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({ replicas: 4 });
  });

  it('refuses to plan without knowing the current count, and names a statefulset and kubeconfig', async () => {
    const sts = kubectlPlugin.params.safeParse({
      kind: 'statefulset',
      name: 'ledger',
      namespace: 'shop',
      context: 'prod-eu',
      kubeconfig: '/etc/kube/config',
    });
    if (!sts.success) throw new Error('parameters should parse');
    await expect(kubectlPlugin.plan(sts.data, { from: null, to: 2 }, ctx)).rejects.toThrow(
      'replicas of statefulset/ledger are unknown',
    );
    const plan = await kubectlPlugin.plan(sts.data, { from: 1, to: 2 }, ctx);
    expect(plan.preview[0]).toBe(
      '$ kubectl --context prod-eu --namespace shop --kubeconfig /etc/kube/config scale statefulset/ledger --current-replicas=1 --replicas=2',
    );
  });

  it('rejects names kubectl would read as options or that are not Kubernetes names', () => {
    expect(
      kubectlPlugin.params.safeParse({ kind: 'deployment', name: '--all', namespace: 'shop', context: 'c' })
        .success,
    ).toBe(false);
    expect(
      kubectlPlugin.params.safeParse({ kind: 'pod', name: 'a', namespace: 'shop', context: 'c' }).success,
    ).toBe(false);
  });
});
