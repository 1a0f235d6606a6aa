// Formatting shared by the streaming pages. Numbers are shown as the records hold them; only their text is made here.
export const fmt = (v) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v == null ? "-" : String(v));

export function fmtDuration(ms) {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

export const getJson = (url) => fetch(url, { cache: "no-store" }).then((r) => r.json());
