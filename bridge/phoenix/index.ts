// Phoenix/Smartmouse serial SIM readers.
export { openSerialLine, type SerialLine, type SerialLineOptions } from './serial-line.ts';
export {
  modemLineReset,
  openPhoenixReader,
  phoenixCardLink,
  type PhoenixCardLink,
  type PhoenixReaderOptions,
  type ResetLine,
} from './phoenix-reader.ts';
export { EchoFilter } from './echo-filter.ts';
