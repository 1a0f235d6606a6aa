/**
 * KDG templates on @faker-js/faker: the templates from KDG's documentation and the blog render, every helper name
 * of faker.js's older API that tspark maps renders, a seed reproduces a run, and the template language stays safe.
 */
import { describe, expect, it, vi } from "vitest";
import { BLOG_TEMPLATE, compileTemplate, renderSample } from "../../../src/connector/generator";
import { formatMoment } from "../../../src/connector/generator/date-format";
import { helperNames } from "../../../src/connector/generator/helpers";

const NOW = new Date("2010-02-14T15:25:50.123Z");
const fixed = () => NOW;

/** Arguments for the helpers that require some; every other helper renders without arguments. */
const ARGS: Record<string, string> = {
  "random.arrayElement": '["a","b"]',
  "random.arrayElements": '["a","b","c"], 2',
  "random.objectElement": '{"x": 1, "y": 2}',
  "random.weightedArrayElement": '{"weights":[1,1],"data":["a","b"]}',
  "date.between": '"2020-01-01T00:00:00Z", "2020-12-31T00:00:00Z"',
  "helpers.randomize": "[1,2,3]",
  "helpers.shuffle": "[1,2,3]",
  "helpers.slugify": '"Hello World"',
  "helpers.replaceSymbolWithNumber": '"##-##"',
  "helpers.replaceSymbols": '"#?*"',
};

describe("KDG documentation templates", () => {
  it("the CSV example: {{name.firstName}},{{name.lastName}},{{random.number(70)}},{{internet.ip}}", () => {
    for (const line of renderSample("{{name.firstName}},{{name.lastName}},{{random.number(70)}},{{internet.ip}}", 200, 1)) {
      const [first, last, age, ip] = line.split(",");
      expect(first).toMatch(/^\S/);
      expect(last).toMatch(/^\S/);
      expect(Number(age)).toBeGreaterThanOrEqual(0);
      expect(Number(age)).toBeLessThanOrEqual(70);
      expect(ip).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
    }
  });

  it("the sensor JSON example", () => {
    const t = `{
    "sensorId": {{random.number(50)}},
    "currentTemperature": {{random.number(
        {
            "min":10,
            "max":150
        }
    )}},
    "status": "{{random.arrayElement(
        ["OK","FAIL","WARN"]
    )}}"
}`;
    const rs = renderSample(t, 300, 2).map((s) => JSON.parse(s) as { sensorId: number; currentTemperature: number; status: string });
    for (const r of rs) {
      expect(r.sensorId).toBeGreaterThanOrEqual(0);
      expect(r.sensorId).toBeLessThanOrEqual(50);
      expect(r.currentTemperature).toBeGreaterThanOrEqual(10);
      expect(r.currentTemperature).toBeLessThanOrEqual(150);
      expect(["OK", "FAIL", "WARN"]).toContain(r.status);
    }
    expect(new Set(rs.map((r) => r.status)).size).toBe(3);
  });

  it("the date.now / date.utc examples with moment formats", () => {
    const [utc] = renderSample(
      '{{date.utc}}|{{date.utc("dddd, MMMM Do YYYY, h:mm:ss a")}}|{{date.utc("ddd, hA")}}|{{date.utc("DD/MMM/YYYY:HH:mm:ss Z")}}',
      1,
      1,
      fixed,
    );
    expect(utc!.split("|")).toEqual(["2010-02-14T15:25:50+00:00", "Sunday, February 14th 2010, 3:25:50 pm", "Sun, 3PM", "14/Feb/2010:15:25:50 +00:00"]);
    const [local] = renderSample('{{date.now}}|{{date.now("DD/MMM/YYYY:HH:mm:ss ZZ")}}', 1, 1, fixed);
    const [iso, clf] = local!.split("|");
    expect(new Date(iso!).getTime()).toBe(Math.floor(NOW.getTime() / 1000) * 1000);
    expect(clf).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/2010:\d{2}:\d{2}:\d{2} [+-]\d{4}$/);
    expect(formatMoment(new Date("2021-03-01T00:00:00Z"), "Do Do", true)).toBe("1st 1st");
    expect(["11th", "12th", "13th", "22nd", "23rd"].map((o) => o)).toEqual(
      [11, 12, 13, 22, 23].map((d) => formatMoment(new Date(Date.UTC(2021, 0, d)), "Do", true)),
    );
  });

  it("the weighted array example keeps its weights", () => {
    const t = '{{random.weightedArrayElement(\n  {\n    "weights": [0.3,0.2,0.5],\n    "data": ["cat","fish","dog"]\n  }\n)}}';
    const rs = renderSample(t, 4000, 3);
    const share = (x: string) => rs.filter((r) => r === x).length / rs.length;
    expect(share("cat")).toBeGreaterThan(0.25);
    expect(share("cat")).toBeLessThan(0.35);
    expect(share("dog")).toBeGreaterThan(0.45);
    expect(share("fish")).toBeGreaterThan(0.15);
  });

  it("the blog's template still renders with the blog's ranges", () => {
    for (const s of renderSample(BLOG_TEMPLATE, 100, 4, fixed)) {
      const r = JSON.parse(s) as { id: number; data: string; date: string };
      expect(r.id).toBeLessThanOrEqual(100);
      expect(["Spain", "Portugal", "Finland", "France"]).toContain(r.data);
      expect(r.date).toMatch(/^2010-02-1[45] (0[1-9]|1[0-2]):[0-5]\d:50$/);
    }
  });

  it("the helpers the issue names map to faker and render values of their kind", () => {
    const t =
      "{{commerce.department}}|{{hacker.phrase}}|{{internet.mac}}|{{system.fileName}}|{{vehicle.vin}}|{{random.uuid}}|{{finance.amount(5, 10, 2)}}|{{address.zipCode}}|{{lorem.words(4)}}";
    for (const line of renderSample(t, 50, 5)) {
      const [dept, phrase, mac, file, vin, id, amount, zip, words] = line.split("|");
      expect(dept).toMatch(/^[A-Z][a-z]+/);
      expect(phrase!.split(" ").length).toBeGreaterThan(3);
      expect(mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      expect(file).toMatch(/^\S+\.\w+$/);
      expect(vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number(amount)).toBeGreaterThanOrEqual(5);
      expect(Number(amount)).toBeLessThanOrEqual(10);
      expect(zip).toMatch(/^\d{5}(-\d{4})?$/);
      expect(words!.split(" ")).toHaveLength(4);
    }
  });
});

describe("faker-mapped helpers", () => {
  it("every mapped helper renders (and is reproducible from the seed), with no faker deprecation warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const names = helperNames();
    expect(names.length).toBeGreaterThan(180);
    for (const name of names) {
      const t = `{{${name}${ARGS[name] ? `(${ARGS[name]})` : ""}}}`;
      const a = renderSample(t, 3, 11, fixed);
      expect(a.every((s) => s.length > 0 && s !== "undefined" && s !== "null"), name).toBe(true);
      expect(renderSample(t, 3, 11, fixed), name).toEqual(a);
    }
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it("old faker semantics the mapping keeps", () => {
    const [line] = renderSample('{{helpers.replaceSymbolWithNumber("##-?")}}|{{finance.mask}}|{{random.arrayElements([1,2,3], 2)}}|{{git.shortSha}}', 1, 1);
    const [symbols, mask, elements, sha] = line!.split("|");
    expect(symbols).toMatch(/^\d\d-\?$/);
    expect(mask).toMatch(/^\(\.\.\.\d{4}\)$/);
    expect(JSON.parse(elements!)).toHaveLength(2);
    expect(sha).toMatch(/^[0-9a-f]{7}$/);
  });

  it("two seeds give different records; the same seed the same, across helpers", () => {
    const t = "{{name.findName}} {{address.city}} {{random.number(1000000)}} {{vehicle.vin}}";
    expect(renderSample(t, 20, 9)).toEqual(renderSample(t, 20, 9));
    expect(renderSample(t, 20, 9)).not.toEqual(renderSample(t, 20, 10));
  });

  it("keeps the template language safe: faker's own names and objects are not reachable", () => {
    expect(() => compileTemplate("{{faker.person.firstName}}")).toThrow(/Unknown template helper 'faker.person.firstName'/);
    expect(() => compileTemplate("{{helpers.fake}}")).toThrow(/Unknown template helper 'helpers.fake'/);
    expect(() => compileTemplate("{{helpers.mustache}}")).toThrow(/Unknown template helper/);
    expect(() => compileTemplate("{{name.constructor}}")).toThrow(/Unknown template helper/);
    expect(() => compileTemplate("{{hacker.phrse}}")).toThrow("did you mean 'hacker.phrase'?");
    expect(() => compileTemplate("{{vehicle.vim}}")).toThrow("did you mean 'vehicle.vin'?");
    expect(() => compileTemplate("{{system.fileName(1)}}")).toThrow("Template helper 'system.fileName' at line 1, column 3 takes no arguments");
    expect(() => compileTemplate('{{lorem.words("x")}}')).toThrow(/takes an optional number/);
  });
});

describe("faker loads lazily", () => {
  it("importing the shell's generate command and compiling a template do not load faker; rendering does", () => {
    const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
    const script = `
      const loaded = () => Object.keys(require.cache).some((k) => k.includes("@faker-js"));
      require("./src/shell/commands/generate");
      const g = require("./src/connector/generator");
      g.compileTemplate("{{name.firstName}}");
      const before = loaded();
      g.renderSample("{{name.firstName}}", 1, 1);
      console.log(JSON.stringify([before, loaded()]));`;
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: `${__dirname}/../../..`, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout.trim().split("\n").pop()!)).toEqual([false, true]);
  });
});
