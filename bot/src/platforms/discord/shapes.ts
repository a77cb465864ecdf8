import { COMMAND_SHAPES, type CommandShape } from '../../commands/catalog.js';

const BY_NAME = new Map<string, CommandShape>(COMMAND_SHAPES.map((s) => [s.name, s]));

/** The shape of a registered command; undefined for a name we no longer register (a stale client). */
export function shapeNamed(name: string): CommandShape | undefined {
  return BY_NAME.get(name);
}
