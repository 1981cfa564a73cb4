import { describe, expect, it } from 'vitest';
import { maskUrlSecrets } from './mask-url-secrets.js';

describe('maskUrlSecrets', () => {
  it.each([
    ['postgres://ragship:s3cret@db:5432/ragship', 'postgres://ragship:***@db:5432/ragship'],
    ['redis://:s3cret@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['cannot reach postgres://u:p%40ss@db/x: refused', 'cannot reach postgres://u:***@db/x: refused'],
    ['https://h/v1?password=a&PWD=b&pass=c', 'https://h/v1?password=***&PWD=***&pass=***'],
    ['https://h/?token=a&access_token=b&refreshToken=c', 'https://h/?token=***&access_token=***&refreshToken=***'],
    [
      'https://h/?key=a&api_key=b&ApiKey=c&subscription-key=d',
      'https://h/?key=***&api_key=***&ApiKey=***&subscription-key=***',
    ],
    [
      'https://h/?secret=a&client_secret=b&signature=c&sig=d',
      'https://h/?secret=***&client_secret=***&signature=***&sig=***',
    ],
    [
      'https://s3/o?X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-Expires=60',
      'https://s3/o?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Expires=60',
    ],
    ['{"url":"https://h/?token=a\\"b"}', '{"url":"https://h/?token=***\\"b"}'],
  ])('when the text is %s, then the secrets are masked', (text, masked) => {
    expect(maskUrlSecrets(text)).toBe(masked);
  });

  it.each([
    'POST /v1/chat?kb=docs&k=3 200',
    'https://docs.example/search?q=monkey&page=2&sort=key-desc',
    'http://localhost:8080/path?email=jane@example.org',
    'mail jane@example.org about key=value pairs',
    'https://h/?token=',
  ])('when the text is %s, then it comes back unchanged', (text) => {
    expect(maskUrlSecrets(text)).toBe(text);
  });
});
