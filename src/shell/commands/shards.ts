import { type ShellCommand, parseFlags, textTable } from "./types";

/** `.shards <stream>`: shards, hash key ranges, parents, open/closed (and lag when a reader reports it). */
export const shardsCommand: ShellCommand = {
  name: "shards",
  usage: ".shards <stream> [--endpoint URL --region R]",
  help: "Show a Kinesis stream's shards: hash ranges, parents, open/closed",
  async run(args, deps) {
    const { flags, rest } = parseFlags(args);
    const stream = rest[0];
    if (!stream) {
      deps.print("Usage: .shards <stream>   e.g. .shards kinesis-source");
      return;
    }
    const options: Record<string, string> = {};
    if (flags.endpoint) options["kinesis.endpointUrl"] = flags.endpoint;
    if (flags.region) options["kinesis.region"] = flags.region;
    // Loaded on first use: the AWS SDK is not needed for the prompt to appear.
    const { connectionFromOptions, describeShards } = await import("../../connector/kinesis/describe-shards");
    const rows = await describeShards(connectionFromOptions(options), stream);
    const body = rows.map((r) => [r.shardId, r.state, r.parents || "-", r.lagMs === undefined ? "-" : `${r.lagMs} ms`, r.hashRange]);
    const open = rows.filter((r) => r.state === "open").length;
    deps.print(`Stream ${stream}: ${rows.length} shards (${open} open)\n${textTable(["shard", "state", "parents", "lag", "hash key range"], body)}`);
  },
};
