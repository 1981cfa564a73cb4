import { describe, expect, it } from 'vitest';
import { createFakeFetch, errorBody, jsonResponse } from '../testing/fake-fetch.ts';
import { gates } from '../testing/fixtures.ts';
import { createApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';
import { createApiKeyStore } from './api-key-store.ts';

describe('createApiClient', () => {
  it('when a key is kept, then every call sends it as a bearer token', async () => {
    const fetch = createFakeFetch({ 'GET /v1/session': () => jsonResponse(200, { environment: 'dev' }) });
    const keys = createApiKeyStore(sessionStorage);
    keys.save('  key-1 ');
    const client = createApiClient({ keys, fetch });

    expect(await client.get('/v1/session')).toEqual({ environment: 'dev' });
    expect(fetch.calls[0]!.headers.get('Authorization')).toBe('Bearer key-1');
    expect(sessionStorage.getItem('ragship.apiKey')).toBe('key-1');
  });

  it('when the API answers 401, then the rejected key is forgotten and a key is asked for', async () => {
    const fetch = createFakeFetch({
      'GET /v1/session': () => jsonResponse(401, errorBody('UNAUTHORIZED', 'Unknown API key.')),
    });
    const keys = createApiKeyStore(sessionStorage);
    keys.save('revoked');
    const client = createApiClient({ keys, fetch });

    await expect(client.get('/v1/session')).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(keys.getState()).toEqual({ key: null, required: true });
    expect(sessionStorage.getItem('ragship.apiKey')).toBeNull();
  });

  it('when the API refuses a gate, then the error carries the gates, status, code and request id', async () => {
    const fetch = createFakeFetch({
      'POST /v1/admin/promotions': () =>
        jsonResponse(422, errorBody('GATE_REFUSED', 'recall@10 dropped too far.', { gates })),
    });
    const client = createApiClient({ keys: createApiKeyStore(sessionStorage), fetch });

    const error = await client
      .post('/v1/admin/promotions', { kb: 'docs', to: 'prod' })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'GATE_REFUSED', requestId: 'req-1', gates });
    expect(JSON.parse(fetch.calls[0]!.body!)).toEqual({ kb: 'docs', to: 'prod' });
  });

  it('when a proxy answers without the contract’s body, then the error names the status', async () => {
    const fetch = createFakeFetch({
      'GET /v1/session': () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    });
    const client = createApiClient({ keys: createApiKeyStore(sessionStorage), fetch });
    await expect(client.get('/v1/session')).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_502',
      message: 'The API answered 502 Bad Gateway',
    });
  });
});
