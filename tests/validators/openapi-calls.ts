// Calls a running VendorRisk with the typed client (openapi-client.ts, compiled against the types openapi-typescript generated from
// the same app's OpenAPI document) and prints what it got as JSON. The integration test starts the app on a loopback port, gives
// this script its address and a read-write token, and checks the answers: the generated types describe what the app really sends.
//   node openapi-calls.js BASE_URL TOKEN
import { VendorRiskClient } from './client';

declare const process: { argv: string[]; stdout: { write(text: string): void }; stderr: { write(text: string): void }; exitCode?: number };

async function main(): Promise<void> {
  const [baseUrl, token, assessmentId] = process.argv.slice(2);
  const client = new VendorRiskClient(baseUrl.replace(/\/$/, ''), token);
  const me = await client.me();
  const created = await client.createVendor({ legalName: 'Typed Client Vendor', country: 'DE' });
  const names = await client.vendorNames();
  const createdId = created?.split('/').pop() ?? '';
  const vendor = await client.vendor(createdId);
  const residualLevel = assessmentId ? await client.residualLevel(assessmentId) : null;
  const obligations = await client.overdueObligations();
  process.stdout.write(JSON.stringify({ me, created, names, vendor, residualLevel, obligations }));
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack ?? e.message : e));
  process.exitCode = 1;
});
