import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

it('answers /healthz and help', async () => {
  const health = await fetch(`${t.baseUrl}/healthz`);
  expect(health.status).toBe(200);
  const res = await t.send.command('help', { user: 'U1' });
  expect(res.status).toBe(200);
  const reply = await t.slack.waitForResponse(1);
  expect(JSON.stringify(reply)).toContain('/onetoone list');
});
