// SIM traces: the events, the sink every component reports to, secret masking, the text format.
export * from './trace-event.ts';
export * from './trace-sink.ts';
export * from './mask-secrets.ts';
export * from './apdu-trace.ts';
export * from './status-word-label.ts';
