import { buildAll } from '../../scripts/build';

/** Page and bundle tests run the built output, exactly what WeChat DevTools would open. */
export default async function globalSetup(): Promise<void> {
  await buildAll();
}
