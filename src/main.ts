import { ConfigError, loadConfig, type Config } from '../config/index.js';
import type { Command } from './commands.js';

/**
 * Process entry: `start | worker | migrate | seed | ledger:check | audit:verify | job`. The configuration is checked before anything
 * heavy is loaded, so a bad variable stops the process at once with one line naming it.
 */
const COMMANDS: readonly Command[] = ['start', 'worker', 'migrate', 'seed', 'ledger:check', 'audit:verify', 'job'];

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

const command = (process.argv[2] ?? 'start') as Command;
if (!COMMANDS.includes(command)) {
  console.error(`Unknown command "${command}": use one of ${COMMANDS.join(', ')}`);
  process.exit(2);
}
const config = readConfig();
try {
  const { runCommand } = await import('./commands.js');
  await runCommand(command, config, process.argv.slice(3));
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
}
