import type { CliCommand } from '../command';
import { forecastCommand } from './forecast';
import { profileCommand } from './profile';
import { serveCommand } from './serve';
import { tailCommand } from './tail';

export const commands: CliCommand[] = [profileCommand, tailCommand, serveCommand, forecastCommand];
