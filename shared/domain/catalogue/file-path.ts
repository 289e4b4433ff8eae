/**
 * What a file path inside a version may look like — the one rule the API (`POST …/files`) and the
 * CLI's folder walk (`cli/push/walk.ts`) both apply, so a push never finds out at upload time that a
 * name it walked is refused.
 *
 * Paths are only labels (S3 keys never derive from them), but people read them: in listings, in the
 * manifest a licence signs, in the folder a download lands in. So a path must look like what it is.
 * After NFC normalisation, a path is "/"-separated segments; each segment is non-empty, not "." or
 * "..", does not start or end with a space, and holds only
 * - Unicode letters, combining marks and numbers (any script: `名前.txt`, `modèle/poids.bin`),
 * - the ASCII space,
 * - the ASCII punctuation `! # $ % & ' ( ) + , - . ; = @ [ ] ^ _ { } ~`.
 * Everything else is refused, notably: control characters; bidirectional controls (U+202A–202E,
 * U+2066–2069, U+200E/F, U+061C), which can make `gpj.exe` read as `exe.jpg`; invisible characters
 * (zero-width U+200B–200D, U+2060, U+FEFF, the soft hyphen U+00AD, other format characters, spaces
 * other than U+0020, and "default-ignorable" letters such as the Hangul filler U+3164), which make two
 * different paths look identical; look-alikes of "/" and "\" (U+2215, U+2044, U+29F8, U+FF0F, U+FF3C…),
 * which make one file look like a folder; and the characters Windows cannot store (`\ : * ? " < > |`)
 * or shells treat specially (`` ` ``).
 */

/** ASCII punctuation a file name may hold (besides "/", the separator). */
const ALLOWED_PUNCTUATION = "!#$%&'()+,-.;=@[]^_{}~";

/** Bidirectional formatting controls: they reorder how the text around them is displayed. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Characters drawn like "/" or "\" (a file named `a∕b` looks like `b` in folder `a`). */
const SEPARATOR_LOOKALIKES =
  /[\u2044\u2215\u2216\u2571\u2572\u27cb\u27cd\u29f5\u29f8\u29f9\ufe68\uff0f\uff3c]/u;

/** Drawn as nothing, or as plain blank space that is not U+0020. */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Z}]/u;

const ALLOWED_CHARACTER = /^[\p{L}\p{M}\p{N} ]$/u;

/** The NFC form every path is stored and compared in (macOS file names arrive decomposed, NFD). */
export function normaliseFilePath(path: string): string {
  return path.normalize('NFC');
}

/** `U+202E`: how messages name a code point without printing it (printing it would apply it). */
function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `char` may not appear in a path, or undefined if it may. */
function characterProblem(char: string): string | undefined {
  if (char === '/' || ALLOWED_PUNCTUATION.includes(char)) return undefined;
  if (char !== ' ' && INVISIBLE.test(char)) {
    if (BIDI_CONTROLS.test(char))
      return `path must not contain bidirectional text controls (${codePoint(char)})`;
    return `path must not contain invisible characters (${codePoint(char)})`;
  }
  if (ALLOWED_CHARACTER.test(char)) return undefined;
  if (SEPARATOR_LOOKALIKES.test(char)) {
    return `path must not contain characters that look like "/" or "\\" (${codePoint(char)})`;
  }
  return (
    `path must not contain ${codePoint(char)}: use letters, marks, digits, spaces and ` +
    `${ALLOWED_PUNCTUATION.split('').join(' ')} (and "/" between folders)`
  );
}

/**
 * Why `path` is not a valid catalogue file path, or undefined if it is. Expects the NFC form
 * (`normaliseFilePath`): a path in any other form is refused, since it would be stored as typed.
 */
export function filePathProblem(path: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return 'path must not contain control characters';
  if (path.includes('\\')) return 'path must use "/" separators, not "\\"';
  if (path.startsWith('/')) return 'path must be relative (no leading "/")';
  const segments = path.split('/');
  if (segments.some((segment) => segment === '..')) return 'path must not contain ".." segments';
  if (segments.some((segment) => segment === '.' || segment === '')) {
    return 'path must not contain empty or "." segments';
  }
  if (path !== normaliseFilePath(path)) return 'path must be NFC-normalised Unicode';
  for (const char of path) {
    const problem = characterProblem(char);
    if (problem) return problem;
  }
  if (segments.some((segment) => segment.startsWith(' ') || segment.endsWith(' '))) {
    return 'path segments must not start or end with a space';
  }
  return undefined;
}

/** `path` safe to print: every character the rule refuses is shown as `<U+202E>` instead of applied. */
export function printableFilePath(path: string): string {
  let out = '';
  for (const char of path) out += characterProblem(char) && char !== '\\' ? `<${codePoint(char)}>` : char;
  return out;
}
