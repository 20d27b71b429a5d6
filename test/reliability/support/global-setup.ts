import { runDir } from './run-dir';

/** One run directory per suite run; jest workers and the reporter inherit it through the env. */
export default function globalSetup(): void {
  runDir();
}
