/**
 * For the tests that run docs code blocks with the shell's names in scope: the names a block can see. An export
 * named by a reserved word (the `typeof` builder, as PySpark names it) cannot be a parameter, and a block typed in
 * the shell cannot name it either (it is `functions.typeof` there), so it is left out.
 */
export function bindableNames(scope: Record<string, unknown>): string[] {
  return Object.keys(scope).filter((n) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(n)) return false;
    try {
      new Function(n, "");
      return true;
    } catch {
      return false;
    }
  });
}
