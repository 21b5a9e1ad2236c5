// Test options every suite of the workspace that runs in `pnpm test` shares, declared once.
export const workspaceTestDefaults = {
  // Test files share their workers' module cache (no test file mutates a global it does not restore):
  // a quarter to a third less CPU per suite, which `pnpm test` needs on a 2-core CI machine.
  isolate: false,
}
