import kleur from "kleur";

export interface BannerInfo {
  version: string;
  nodeVersion: string;
  /** "local" with embedded endpoints, "aws" with the region, or "none" (--no-local). */
  mode: "local" | "aws" | "none";
  region?: string;
  endpoints?: Record<string, string>;
  kinesisBackend?: string;
  demoStreams?: string[];
  /** Where the embedded services keep their data (environment.ts). */
  dataNote?: string;
  colors: boolean;
}

/** The start-up banner: versions, mode, endpoints, demo streams, and how to start the demo. */
export function banner(info: BannerInfo): string {
  kleur.enabled = info.colors;
  const lines = [
    `${kleur.bold("tspark")} ${info.version} · Spark Structured Streaming in TypeScript · node ${info.nodeVersion}`,
  ];
  if (info.mode === "local") {
    lines.push(`Mode: ${kleur.green("local")} (embedded AWS services on 127.0.0.1; nothing leaves this machine)`);
    for (const [name, url] of Object.entries(info.endpoints ?? {})) {
      const label = name === "kinesis" && info.kinesisBackend ? `${name} (${info.kinesisBackend})` : name;
      lines.push(`  ${label.padEnd(24)} ${url}`);
    }
    if (info.demoStreams?.length) lines.push(`  ${"streams".padEnd(24)} ${info.demoStreams.join(", ")}`);
    if (info.dataNote) lines.push(`  ${"data".padEnd(24)} ${info.dataNote}`);
    lines.push(kleur.dim("  (starting in the background: input waits for them; a line says when they are ready)"));
    lines.push(
      `Demo: ${kleur.cyan(".demo")} walks through the blog step by step (or ${kleur.cyan(".generate start --stream kinesis-source --rate 10 --template blog")} and paste its code)`,
    );
  } else if (info.mode === "aws") {
    lines.push(`Mode: ${kleur.yellow("AWS")} (region ${info.region ?? "from the environment"}; embedded services not started)`);
    for (const [name, url] of Object.entries(info.endpoints ?? {})) lines.push(`  ${name.padEnd(24)} ${url}`);
  } else {
    lines.push(`Mode: ${kleur.dim("no AWS")} (--no-local: rate and memory sources only)`);
  }
  lines.push(`SparkSession available as ${kleur.bold("spark")}. Type .help for commands, .exit to leave.`);
  return `${lines.join("\n")}\n`;
}
