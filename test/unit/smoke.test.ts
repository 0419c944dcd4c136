import assert from 'node:assert/strict';

describe('test runner', () => {
  it('runs TypeScript tests from out/', () => {
    assert.equal(typeof describe, 'function');
  });
});
