// Every lab scenario, in the order `tcpdoc lab --list` shows them.
import type { LabScenario } from '../types.js';
import { closeWaitScenario } from './close-wait.js';

export const LAB_SCENARIOS: readonly LabScenario[] = [closeWaitScenario];

// The scenario with this name, or undefined.
export function findScenario(name: string): LabScenario | undefined {
  return LAB_SCENARIOS.find((s) => s.name === name);
}
