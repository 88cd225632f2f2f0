import { afterEach, expect } from 'vitest';
import { takeViolations } from './contract.js';
import { closeServers } from './helpers.js';

// Every response a test received must be one the OpenAPI document declares.
afterEach(() => {
  expect(takeViolations(), 'responses that differ from the OpenAPI document').toEqual([]);
});
afterEach(closeServers);
