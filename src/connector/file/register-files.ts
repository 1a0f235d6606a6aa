import { findBatchSource, registerBatchSource } from "../../engine/io/batch-data-source";
import { fileDataSource } from "./file-data-source";
import { FILE_FORMATS } from "./formats";

/** spark.read / df.write for every file format (streaming source and sink register beside them). */
export function registerFileFormats(): void {
  for (const format of FILE_FORMATS) {
    if (!findBatchSource(format.name)) registerBatchSource(fileDataSource(format));
  }
}
