// Runs the doctor inside a lab namespace. The findings, or null with a note when the doctor
// cannot run there (so the lab itself still works).
import type { Finding } from '../model/finding.js';

export interface LabDoctorResult {
  findings: Finding[] | null;
  note: string | null;
}

// Findings of `tcpdoc doctor --netns NETNS --window windowMs`.
export async function runLabDoctor(netns: string, windowMs: number): Promise<LabDoctorResult> {
  const specifier = '../api/doctor.js';
  try {
    const doctor = (await import(specifier)) as { runDoctor?: (options: { netns: string; windowMs: number }) => Promise<{ findings: Finding[] }> };
    if (doctor.runDoctor === undefined) return { findings: null, note: 'the doctor is not built yet' };
    const report = await doctor.runDoctor({ netns, windowMs });
    return { findings: report.findings, note: null };
  } catch (error) {
    return { findings: null, note: `the doctor could not run: ${(error as Error).message}` };
  }
}
