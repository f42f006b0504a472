import { homedir } from 'node:os';
import type { EngineWorkerData } from '../engine/worker/protocol';
import type { CliIo } from './command';

/** The engine's view of the operator's environment: their home (~/.ssh) and their ssh-agent. */
export function engineOptionsFromEnv(io: CliIo, profilesDir: string): EngineWorkerData {
  return {
    profilesDir,
    home: io.env.HOME || homedir(),
    agentSocket: io.env.SSH_AUTH_SOCK || undefined,
    localUser: io.env.USER || undefined,
  };
}
