export {
  DEFAULT_TEST_DATABASE_URL,
  createTestPostgresSchema,
  testPostgresAvailable,
  testPostgresSettings,
  type TestPostgresSchema,
  type TestPostgresSettings,
} from './testing/test-postgres.js';
export { registryContract, type RegistryFixture } from './testing/registry-contract.js';
