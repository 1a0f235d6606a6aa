import { describe, expect, it } from "vitest";
import { BLOG_TEMPLATE, TemplateError, compileTemplate, renderSample } from "../../../src/connector/generator";

describe("KDG templates", () => {
  it("the blog template renders valid JSON with the blog's value ranges and date format", () => {
    const records = renderSample(BLOG_TEMPLATE, 500, 42).map((t) => JSON.parse(t) as { id: number; data: string; date: string });
    for (const r of records) {
      expect(Number.isInteger(r.id)).toBe(true);
      expect(r.id).toBeGreaterThanOrEqual(0);
      expect(r.id).toBeLessThanOrEqual(100);
      expect(["Spain", "Portugal", "Finland", "France"]).toContain(r.data);
      expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2} (0[1-9]|1[0-2]):[0-5]\d:[0-5]\d$/);
    }
    expect(new Set(records.map((r) => r.data)).size).toBe(4);
  });

  it("a seeded run is reproducible, another seed is not the same", () => {
    const fixed = () => new Date("2026-11-23T10:11:12Z");
    const a = renderSample(BLOG_TEMPLATE, 50, 7, fixed);
    expect(renderSample(BLOG_TEMPLATE, 50, 7, fixed)).toEqual(a);
    expect(renderSample(BLOG_TEMPLATE, 50, 8, fixed)).not.toEqual(a);
  });

  it("supports min/max numbers, uuids, booleans, weighted elements and faker families", () => {
    const t = '{{random.number({"min": 5, "max": 7})}}|{{random.uuid}}|{{random.boolean}}|{{random.weightedArrayElement({"weights":[1,0],"data":["a","b"]})}}|{{name.firstName}}|{{internet.email}}|{{lorem.sentence}}';
    for (const line of renderSample(t, 100, 3)) {
      const [n, id, bool, w, first, email, sentence] = line.split("|");
      expect(Number(n)).toBeGreaterThanOrEqual(5);
      expect(Number(n)).toBeLessThanOrEqual(7);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(["true", "false"]).toContain(bool);
      expect(w).toBe("a");
      expect(first!.length).toBeGreaterThan(0);
      expect(email).toMatch(/^[^@\s]+@[a-z0-9.-]+\.[a-z]+$/i);
      expect(sentence).toMatch(/^[A-Z][a-z ]+\.$/);
    }
  });

  it("rejects code: unknown helpers are named with their position", () => {
    expect(() => compileTemplate('{"a": {{process.exit()}}}')).toThrow(TemplateError);
    expect(() => compileTemplate('{"a": {{process.exit()}}}')).toThrow("Unknown template helper 'process.exit' at line 1, column 9");
    expect(() => compileTemplate('x\n{{constructor.constructor("return process")()}}')).toThrow(
      "Unknown template helper 'constructor.constructor' at line 2, column 3",
    );
    expect(() => compileTemplate("{{toString}}")).toThrow("Unknown template helper 'toString' at line 1, column 3");
    expect(() => compileTemplate("{{random.number.constructor}}")).toThrow(/Unknown template helper 'random.number.constructor'/);
    // Arguments are data literals: expressions and identifiers are syntax errors, never evaluated.
    expect(() => compileTemplate("{{random.number(process.exit())}}")).toThrow(/line 1, column 17: expected a value/);
    expect(() => compileTemplate("{{random.number(1+1)}}")).toThrow(/expected '\)'/);
    expect(() => compileTemplate("{{random.__proto__}}")).toThrow(/Unknown template helper/);
    expect(() => compileTemplate("{{random.numbr(3)}}")).toThrow("did you mean 'random.number'?");
    expect(() => compileTemplate("{{random.number(3)")).toThrow(/expected '}}'/);
    expect(() => compileTemplate("{{random.arrayElement(5)}}")).toThrow(/takes a non-empty array/);
  });
});
