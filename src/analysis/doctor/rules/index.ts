// Every doctor rule, in the order of issue #5 (the engine sorts findings by severity afterwards).
import type { DoctorRule } from '../rule.js';
import { closeWaitRule } from './close-wait.js';
import { synQueueRule } from './syn-queue.js';
import { acceptQueueRule } from './accept-queue.js';
import { timeWaitRule } from './time-wait.js';
import { synSentRule } from './syn-sent.js';
import { closingStatesRule } from './closing-states.js';
import { halfOpenRule } from './half-open.js';
import { stalledRule } from './stalled.js';
import { ratesRule } from './rates.js';
import { limitsRule } from './limits.js';
import { fdLimitRule } from './fd-limit.js';
import { sysctlsRule } from './sysctls.js';

export const DOCTOR_RULES: readonly DoctorRule[] = [
  closeWaitRule,
  synQueueRule,
  acceptQueueRule,
  timeWaitRule,
  synSentRule,
  closingStatesRule,
  halfOpenRule,
  stalledRule,
  ratesRule,
  limitsRule,
  fdLimitRule,
  sysctlsRule,
];
