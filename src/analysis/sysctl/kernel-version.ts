// Kernel release strings ("6.18.44-fc-v669", "4.19.0-25-amd64") as comparable versions, for version-aware advice.

// Major, minor and patch of a kernel release.
export interface KernelVersion {
  major: number;
  minor: number;
  patch: number;
}

// Reads the leading "X.Y[.Z]" of a release string; null when it has none.
export function parseKernelRelease(release: string): KernelVersion | null {
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  if (m === null) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] !== undefined ? Number(m[3]) : 0 };
}

// Whether a kernel is at least "X.Y"; an unknown kernel counts as current, since that is where advice is aimed.
export function isKernelAtLeast(kernel: KernelVersion | null, version: string): boolean {
  if (kernel === null) return true;
  const want = parseKernelRelease(version);
  if (want === null) return true;
  if (kernel.major !== want.major) return kernel.major > want.major;
  if (kernel.minor !== want.minor) return kernel.minor > want.minor;
  return kernel.patch >= want.patch;
}
