// Placeholder until the ls command lands in this series of commits.
import type { Command } from '../command.js';
import { TcpdocError } from '../../model/errors.js';

export const command: Command = {
  help: 'tcpdoc ls (in progress)\n',
  run: async () => {
    throw new TcpdocError('USAGE', 'ls is not built yet');
  },
};
