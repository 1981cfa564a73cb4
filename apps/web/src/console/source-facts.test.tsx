import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SourceChangeView, SourceFact } from './source-facts.tsx';

const first = {
  sha: '3f2a9c1d0b7e5a4c',
  subject: 'Add the guides',
  author: 'Ada <ada@example.com>',
  committedAt: '2026-12-07T10:00:00Z',
};
const second = {
  sha: '9b41e07c2d55f0aa',
  subject: 'Clarify rollback',
  author: 'Ada <ada@example.com>',
  committedAt: '2026-12-08T09:00:00Z',
};

describe('source facts in the console', () => {
  it('when a version was built from git, then its manifest facts name the commit', () => {
    render(
      <SourceFact
        source={{
          kind: 'git',
          location: 'git+https://git.example.com/docs.git#main',
          ref: 'main',
          subPath: null,
          commit: second,
        }}
      />,
    );
    expect(document.body.textContent).toContain(
      'git+https://git.example.com/docs.git#main at commit 9b41e07c2d55 “Clarify rollback”',
    );
  });

  it('when two git versions are compared, then the diff names both commits and the ones between', () => {
    render(
      <SourceChangeView
        change={{ kind: 'git', location: 'git+file:///srv/docs.git', from: first, to: second, commits: [second] }}
      />,
    );
    expect(document.body.textContent).toContain(
      'commit 3f2a9c1d0b7e “Add the guides” → commit 9b41e07c2d55 “Clarify rollback”',
    );
    expect(screen.getByRole('list', { name: 'Commits' }).textContent).toContain('Clarify rollback');
  });

  it('when two crawls are compared, then the diff counts new, changed and gone pages', () => {
    render(
      <SourceChangeView
        change={{
          kind: 'web',
          location: 'https://example.com/docs/',
          added: [],
          changed: ['https://example.com/docs/a.html'],
          removed: ['x', 'y'],
        }}
      />,
    );
    expect(document.body.textContent).toContain('pages 0 new, 1 changed, 2 gone.');
  });
});
