// The ad impressions / clicks example of Spark's Structured Streaming Programming Guide ("Stream-stream Joins"),
// typed as a tspark user types it. Run it with:  npx tspark docs/examples/impressions-clicks.ts
// (the names spark, expr, ... are preloaded, as in the shell; docs/joins.md explains each step).
//
// Two generated streams: `rate-micro-batch` sources give every micro-batch the same number of rows and move
// their event time 10 minutes per batch, so hours of ad traffic pass in seconds and every run prints the same.
// Every 10 minutes four new ads are shown (ad ids 0, 1, 2, ...); those whose id is not divisible by 3 are clicked
// 20 minutes later.
const tenMinutes = { rowsPerBatch: "4", advanceMillisPerBatch: String(10 * 60 * 1000), startTimestamp: String(Date.UTC(2024, 0, 1, 10)) };

const impressions = spark.readStream
  .format("rate-micro-batch")
  .options(tenMinutes)
  .load()
  .selectExpr("value AS impressionAdId", "timestamp AS impressionTime");

const clicks = spark.readStream
  .format("rate-micro-batch")
  .options(tenMinutes)
  .load()
  .where("value % 3 <> 0")
  .selectExpr("value AS clickAdId", "timestamp + interval 20 minutes AS clickTime");

// Apply watermarks on event-time columns
const impressionsWithWatermark = impressions.withWatermark("impressionTime", "2 hours");
const clicksWithWatermark = clicks.withWatermark("clickTime", "3 hours");

// Join with event-time constraints: a click counts for an impression of the same ad within the hour after it
const condition = expr(`
    clickAdId = impressionAdId AND
    clickTime >= impressionTime AND
    clickTime <= impressionTime + interval 1 hour
    `);

// Inner join: each impression with its click, as soon as both are there
const clicked = await impressionsWithWatermark
  .join(clicksWithWatermark, condition)
  .writeStream.format("memory").queryName("clicked").start();

// Left outer join: also the impressions nobody clicked, emitted (with null click columns) once the watermark
// guarantees no click can match them any more: 3 hours (the clicks' watermark) + 1 hour (the range) later
const withMisses = await impressionsWithWatermark
  .join(clicksWithWatermark, condition, "leftOuter")
  .writeStream.format("memory").queryName("withMisses").start();

// Let six hours of event time go by (36 micro-batches of 10 minutes), then stop both queries
for (const q of [clicked, withMisses]) {
  while ((q.lastProgress?.batchId ?? -1) < 36) await new Promise((r) => setTimeout(r, 50));
  await q.stop();
}

// The first half hour: 12 impressions, 8 of them clicked
spark.sql("SELECT * FROM clicked WHERE impressionTime < '2024-01-01 10:30:00' ORDER BY impressionAdId").show();
spark.sql("SELECT * FROM withMisses WHERE impressionTime < '2024-01-01 10:30:00' ORDER BY impressionAdId").show();
// The first two hours, long behind the watermark: every impression is in withMisses, clicked or not
spark.sql("SELECT count(*) AS impressions, count(clickAdId) AS clicked FROM withMisses WHERE impressionTime < '2024-01-01 12:00:00'").show();
