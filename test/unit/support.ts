// The unit suites' helpers live in test/support (shared with the other suites); this keeps the
// unit tests' short `../support` imports.
export * from '../support/builders';
export { useFakeImagesApi, withFakeMode } from '../support/fakeImagesApi';
