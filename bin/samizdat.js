#!/usr/bin/env node
// The samizdat command. Runs the TypeScript sources directly through tsx, so
// there is no build step between a clone and a running site.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
