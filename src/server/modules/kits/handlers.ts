import type { ModuleContext } from '../module';
import type { CommandHandlers } from './apply-commands';

/**
 * The server side of the named kit commands (src/core/sync/commands.ts): each handler calls the
 * owning module's service inside the apply transaction, with the kit's ids and numbers.
 */
export function kitCommandHandlers(_context: ModuleContext): CommandHandlers {
  return {};
}
