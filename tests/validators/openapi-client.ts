// A small typed client over VendorRisk's REST API, written against the types openapi-typescript generates from the OpenAPI
// document (schema.d.ts, made by validate.js). The integration test compiles it with tsc: when the document drops or renames a
// path, a parameter or a field used here, the compile fails.
import type { components, paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Vendor = components['schemas']['VendorDto'];
export type VendorWrite = components['schemas']['VendorWriteDto'];
export type VendorPage = Json<paths['/api/v1/vendors']['get']['responses'][200]>;
export type Decision = Json<paths['/api/v1/decisions/{assessmentId}']['get']['responses'][200]>;
export type ObligationPage = Json<paths['/api/v1/obligations']['get']['responses'][200]>;
export type Me = Json<paths['/api/v1/me']['get']['responses'][200]>;
export type Problem = components['schemas']['ProblemDetails'];

export class VendorRiskClient {
  constructor(private readonly baseUrl: string, private readonly token: string) {}

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(this.baseUrl + path, { headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' } });
    if (!response.ok) throw new Error(`${response.status}: ${((await response.json()) as Problem).title ?? ''}`);
    return (await response.json()) as T;
  }

  me(): Promise<Me> {
    return this.get<Me>('/api/v1/me');
  }

  async vendorNames(): Promise<string[]> {
    const page = await this.get<VendorPage>('/api/v1/vendors');
    return page.items.map((v) => v.legalName);
  }

  vendor(id: paths['/api/v1/vendors/{id}']['get']['parameters']['path']['id']): Promise<Vendor> {
    return this.get<Vendor>(`/api/v1/vendors/${id}`);
  }

  async createVendor(vendor: VendorWrite): Promise<string | null> {
    const response = await fetch(this.baseUrl + '/api/v1/vendors', {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(vendor),
    });
    return response.headers.get('Location');
  }

  async residualLevel(assessmentId: string): Promise<string | null | undefined> {
    const decision = await this.get<Decision>(`/api/v1/decisions/${assessmentId}`);
    return decision.residualLevel;
  }

  async overdueObligations(): Promise<string[]> {
    const page = await this.get<ObligationPage>('/api/v1/obligations');
    return page.items.filter((o) => o.status === 'Open').map((o) => `${o.title} ${o.dueOn}`);
  }
}
