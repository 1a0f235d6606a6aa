/**
 * Kinesis ARNs given where a name is expected: `kinesis.streamName` may be a stream ARN (the connector's #12 asks
 * for it; AWS consoles hand out ARNs), and a fan-out consumer ARN names its consumer.
 *
 *   arn:<partition>:kinesis:<region>:<account>:stream/<stream>
 *   arn:<partition>:kinesis:<region>:<account>:stream/<stream>/consumer/<consumer>:<creation epoch>
 */
export interface StreamArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly streamName: string;
}

const STREAM = /^arn:(aws[a-z-]*):kinesis:([a-z0-9-]+):(\d{12}):stream\/([A-Za-z0-9_.-]+)$/;
const CONSUMER = /^arn:(aws[a-z-]*):kinesis:([a-z0-9-]+):(\d{12}):stream\/([A-Za-z0-9_.-]+)\/consumer\/([A-Za-z0-9_.-]+):\d+$/;

export function parseStreamArn(text: string): StreamArn | undefined {
  const m = STREAM.exec(text.trim());
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]!, streamName: m[4]! } : undefined;
}

export function parseConsumerArn(text: string): (StreamArn & { readonly consumerName: string }) | undefined {
  const m = CONSUMER.exec(text.trim());
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]!, streamName: m[4]!, consumerName: m[5]! } : undefined;
}
