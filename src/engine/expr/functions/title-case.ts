/**
 * Unicode title case of one code point, as Java's full case mapping gives it (what Spark's initcap prints):
 * JavaScript has only toUpperCase, which differs from title case for the characters listed here (Unicode's
 * SpecialCasing.txt title column and the Latin digraphs): `ß` titles to `Ss` (upper: `SS`), `ﬁ` to `Fi`,
 * `ǆ` to `ǅ`, Greek letters with ypogegrammeni keep it as a subscript (`ᾳ` to `ᾼ`, upper: `ΑΙ`).
 */
const SPECIAL: ReadonlyMap<number, string> = new Map([
  [0x00df, "Ss"],
  [0xfb00, "Ff"],
  [0xfb01, "Fi"],
  [0xfb02, "Fl"],
  [0xfb03, "Ffi"],
  [0xfb04, "Ffl"],
  [0xfb05, "St"],
  [0xfb06, "St"],
  [0x0587, "\u0535\u0582"],
  [0xfb13, "\u0544\u0576"],
  [0xfb14, "\u0544\u0565"],
  [0xfb15, "\u0544\u056b"],
  [0xfb16, "\u054e\u0576"],
  [0xfb17, "\u0544\u056d"],
  [0x1fb2, "\u1fba\u0345"],
  [0x1fb4, "\u0386\u0345"],
  [0x1fb7, "\u0391\u0342\u0345"],
  [0x1fc2, "\u1fca\u0345"],
  [0x1fc4, "\u0389\u0345"],
  [0x1fc7, "\u0397\u0342\u0345"],
  [0x1ff2, "\u1ffa\u0345"],
  [0x1ff4, "\u038f\u0345"],
  [0x1ff7, "\u03a9\u0342\u0345"],
]);

/** Title case of the code point `c` (one character as a string, surrogate pairs included). */
export function titleCase(c: string): string {
  const cp = c.codePointAt(0)!;
  const special = SPECIAL.get(cp);
  if (special !== undefined) return special;
  // Latin digraphs DŽ Dž dž, LJ Lj lj, NJ Nj nj: the middle one is the title form
  if (cp >= 0x01c4 && cp <= 0x01cc) return String.fromCodePoint(0x01c5 + Math.floor((cp - 0x01c4) / 3) * 3);
  if (cp >= 0x01f1 && cp <= 0x01f3) return "\u01f2";
  // Greek with ypogegrammeni (U+1F80-U+1FAF): title case is the prosgegrammeni form, one code point
  if (cp >= 0x1f80 && cp <= 0x1faf) return String.fromCodePoint(cp | 0x08);
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return String.fromCodePoint(cp + 9);
  if (cp === 0x1fbc || cp === 0x1fcc || cp === 0x1ffc) return c;
  return c.toUpperCase();
}

/** Spark's initcap: lower-cases the string and title-cases the first character of every space-separated word. */
export function initcap(s: string): string {
  return s
    .toLowerCase()
    .split(" ")
    .map((w) => {
      if (w.length === 0) return w;
      const first = String.fromCodePoint(w.codePointAt(0)!);
      return titleCase(first) + w.slice(first.length);
    })
    .join(" ");
}
