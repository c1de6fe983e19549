#!/usr/bin/env node
// The samizdat command. Node.js runs the TypeScript sources itself (type
// stripping, on by default since Node 22.18), so there is no build step
// between a clone and a running site.
if (!process.features.typescript) {
  process.stderr.write(
    `Samizdat needs Node.js 24 (or 22.22 or newer); this is Node.js ${process.versions.node}.\n` +
      'See the top of README.md for one command that fetches Node 24 with npm.\n',
  );
  process.exit(1);
}
await import('../src/cli/main.ts');
