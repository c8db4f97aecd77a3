// npm pack runs this (prepack / postpack): the package carries a copy of the repository's top-level templates/.
import fs from 'node:fs';

const from = new URL('../../templates/', import.meta.url);
const to = new URL('../templates/', import.meta.url);
fs.rmSync(to, { recursive: true, force: true });
if (!process.argv.includes('--remove')) fs.cpSync(from, to, { recursive: true });
