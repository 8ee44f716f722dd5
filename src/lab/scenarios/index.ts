// Every lab scenario, in the order `tcpdoc lab --list` shows them.
import type { LabScenario } from '../types.js';
import { closeWaitScenario } from './close-wait.js';
import { synFloodScenario } from './syn-flood.js';
import { acceptOverflowScenario } from './accept-overflow.js';
import { timeWaitScenario } from './time-wait.js';
import { portExhaustionScenario } from './port-exhaustion.js';
import { halfOpenScenario } from './half-open.js';
import { finWait2Scenario } from './fin-wait2.js';
import { refusedScenario } from './refused.js';
import { blackholeScenario } from './blackhole.js';
import { resetScenario } from './reset.js';
import { poolLeakScenario } from './pool-leak.js';

export const LAB_SCENARIOS: readonly LabScenario[] = [
  closeWaitScenario,
  poolLeakScenario,
  synFloodScenario,
  acceptOverflowScenario,
  timeWaitScenario,
  portExhaustionScenario,
  halfOpenScenario,
  finWait2Scenario,
  refusedScenario,
  blackholeScenario,
  resetScenario,
];

// The scenario with this name, or undefined.
export function findScenario(name: string): LabScenario | undefined {
  return LAB_SCENARIOS.find((s) => s.name === name);
}
