import type { CliCommand } from '../command';
import { benchCommand } from './bench';
import { forecastCommand } from './forecast';
import { parseCommand } from './parse';
import { profileCommand } from './profile';
import { serveCommand } from './serve';
import { snapshotCommand } from './snapshot';
import { tailCommand } from './tail';

export const commands: CliCommand[] = [
  profileCommand,
  tailCommand,
  serveCommand,
  parseCommand,
  forecastCommand,
  snapshotCommand,
  benchCommand,
];
