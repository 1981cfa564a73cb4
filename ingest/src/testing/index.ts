/** Real servers and repositories for tests of sources, here and in the end-to-end tests. */
export {
  startTestSite,
  defaultTestSitePages,
  TEST_SITE_CRAWLED_PATHS,
  TEST_SITE_SITEMAP_PATHS,
  type TestSite,
  type TestSiteOptions,
} from './test-site.js';
export {
  createGitTestRepository,
  TEST_AUTHOR,
  type GitTestRepository,
} from '../sources/git/testing/git-test-repository.js';
export { startTestS3Server, TEST_S3_CREDENTIALS, type TestS3Server } from '../sources/s3/testing/test-s3-server.js';
