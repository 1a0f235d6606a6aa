import { findBatchSource, registerBatchSource } from "../../engine/io/batch-data-source";
import { findSink, findSource, registerSink, registerSource } from "../../engine/registry";
import { fileDataSource } from "./file-data-source";
import { fileSinkProvider } from "./file-stream-sink";
import { fileSourceProvider } from "./file-stream-source";
import { FILE_FORMATS } from "./formats";

/** spark.read / df.write for every file format (streaming source and sink register beside them). */
export function registerFileFormats(): void {
  for (const format of FILE_FORMATS) {
    if (!findBatchSource(format.name)) registerBatchSource(fileDataSource(format));
    if (!findSink(format.name)) registerSink(fileSinkProvider(format));
    if (!findSource(format.name)) registerSource(fileSourceProvider(format));
  }
}
