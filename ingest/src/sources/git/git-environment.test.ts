import { describe, expect, it } from 'vitest';
import { gitEnvironment } from './git-environment.js';

describe('gitEnvironment', () => {
  it('when started from a full environment, then git gets only what it needs and never prompts', () => {
    const environment = gitEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/ada',
      SSH_AUTH_SOCK: '/run/agent.sock',
      GIT_SSH_COMMAND: 'ssh -i /keys/deploy',
      https_proxy: 'http://proxy:3128',
      GIT_DIR: '/elsewhere/.git',
      GIT_CONFIG_COUNT: '3',
      OPENAI_API_KEY: 'sk-not-for-git',
    });

    expect(environment).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/ada',
      SSH_AUTH_SOCK: '/run/agent.sock',
      GIT_SSH_COMMAND: 'ssh -i /keys/deploy',
      https_proxy: 'http://proxy:3128',
      GIT_TERMINAL_PROMPT: '0',
    });
  });

  it('when credentials are given, then they become a Basic Authorization header for that origin only', () => {
    const environment = gitEnvironment(
      {},
      { origin: 'https://git.example.com:8443', credentials: { username: 'ci-bot', password: 'p@ss' } },
    );

    expect(environment).toEqual({
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://git.example.com:8443/.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from('ci-bot:p@ss').toString('base64')}`,
    });
  });
});
