// Runs the doctor inside a lab namespace. The findings, or null with a note when the doctor
// cannot run there (so the lab itself still works and still cleans up).
import type { Finding } from '../model/finding.js';
import { runDoctor } from '../api/doctor.js';

export interface LabDoctorResult {
  findings: Finding[] | null;
  note: string | null;
}

// Findings of `tcpdoc doctor --netns NETNS --window windowMs`.
export async function runLabDoctor(netns: string, windowMs: number): Promise<LabDoctorResult> {
  try {
    const report = await runDoctor({ netns, windowMs });
    return { findings: report.findings, note: report.notes.length > 0 ? report.notes.join('; ') : null };
  } catch (error) {
    return { findings: null, note: `the doctor could not run: ${(error as Error).message}` };
  }
}
