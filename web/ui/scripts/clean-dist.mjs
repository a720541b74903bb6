// Empties web/assets/dist before a build, keeping the committed .gitkeep that
// lets `//go:embed` compile on a fresh clone without a build.
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'dist');
for (const entry of readdirSync(dist)) {
  if (entry !== '.gitkeep') {
    rmSync(join(dist, entry), { recursive: true, force: true });
  }
}
