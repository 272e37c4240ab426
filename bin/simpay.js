#!/usr/bin/env node
// The `simpay` command: loads the TypeScript sources through tsx and runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main, nodeIo } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), nodeIo());
