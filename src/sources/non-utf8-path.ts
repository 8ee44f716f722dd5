// Paths typed with bytes that are not UTF-8: Node.js decodes argv as UTF-8 and turns such bytes into U+FFFD, so
// the file can never be opened under that name. Errors about such a path say why instead of "no such file".

export const NON_UTF8_PATH_HINT = 'The path has bytes that are not UTF-8, which Node.js cannot pass on: rename the file, or make a link to it with a plain name (ln -s).';

// Whether a path lost bytes on its way in (it holds the replacement character).
export function hasLostBytes(path: string): boolean {
  return path.includes('\uFFFD');
}
