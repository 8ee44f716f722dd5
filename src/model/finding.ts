// Doctor findings: what is wrong, the numbers that prove it, and what to do, in English and Chinese.

export type Severity = 'info' | 'warning' | 'critical';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'info'];

// Text in both languages the project ships.
export interface LocalizedText {
  en: string;
  zh: string;
}

// One number or fact behind a finding, e.g. {label: "CLOSE_WAIT sockets", value: 412, port: 8080}.
export interface Evidence {
  label: LocalizedText;
  value: number | string;
  // Optional context that pins the evidence down.
  unit?: string;
  port?: number;
  address?: string;
  pid?: number;
  command?: string;
}

// A fix: plain advice, optionally with shell commands or code.
export interface Fix {
  text: LocalizedText;
  commands?: string[];
  code?: { language: string; source: string };
}

export interface Finding {
  // Stable rule id, e.g. "close-wait-pileup".
  id: string;
  severity: Severity;
  title: LocalizedText;
  // The subject when a rule fires once per port/process/destination, e.g. "port 8080 (node[4242])".
  subject: string | null;
  evidence: Evidence[];
  explanation: LocalizedText;
  fixes: Fix[];
  // Knowledge base entry ids (tcpdoc explain), e.g. "state:CLOSE_WAIT".
  related: string[];
}
