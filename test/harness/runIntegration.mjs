// Placeholder replaced by the code-server harness below in this same change.
export async function runIntegrationTests() { return { passed: 0, failed: 1, note: 'harness missing' }; }
