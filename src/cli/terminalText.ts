/**
 * Text for the terminal. A notebook's error messages, notes, cell output and data values reach stdout
 * and stderr, and a control character there is a command to the terminal, not text: `ESC ] 52` writes
 * the clipboard, `ESC [ 2 J` clears the screen, `\r` or cursor moves overwrite what was printed, OSC 8
 * hides a link behind other text, and bidirectional overrides (U+202E…) show text in another order
 * than it is. Each such character is printed as its escape (`\x1b`, `\u202e`) instead; line feeds and
 * tabs stay, as the output's own layout.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
