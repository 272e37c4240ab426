// GSMTAP SIM traces in classic pcap files: header, IPv4/UDP encapsulation, pcap codec and reader.
export * from './gsmtap-header.ts';
export * from './ipv4-udp.ts';
export * from './pcap.ts';
export * from './pcap-reader.ts';
export * from './sim-trace.ts';
