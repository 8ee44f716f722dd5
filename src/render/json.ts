// JSON documents: every one carries its schema name and version first.

export function formatJson(schema: string, body: Record<string, unknown>): string {
  return JSON.stringify({ schema, ...body }, null, 2) + '\n';
}
