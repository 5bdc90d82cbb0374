export { CdrSink, type SinkOptions } from './consumer.js';
export { PostgresRecords, redactPostgresUrl } from './postgres.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export { sinkStatus, type StreamSinkStatus } from './status.js';
export { toCallRecordRow, type CallRecordRow } from './record-row.js';
