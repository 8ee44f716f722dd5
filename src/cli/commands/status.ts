// Placeholder until the status command lands in this series of commits.
import type { Command } from '../command.js';
import { TcpdocError } from '../../model/errors.js';

export const command: Command = {
  help: 'tcpdoc status (in progress)\n',
  run: async () => {
    throw new TcpdocError('USAGE', 'status is not built yet');
  },
};
