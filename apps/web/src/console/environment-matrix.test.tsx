import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { adminStatus } from '../testing/fixtures.ts';
import { EnvironmentMatrix } from './environment-matrix.tsx';

function renderMatrix(canChange = true) {
  const onPromote = vi.fn();
  const onRollback = vi.fn();
  render(
    <EnvironmentMatrix
      status={adminStatus}
      kbs={['docs', 'handbook']}
      canChange={canChange}
      onPromote={onPromote}
      onRollback={onRollback}
    />,
  );
  const table = screen.getByRole('table', { name: 'What each environment serves' });
  const cell = (kb: string, environment: string) => {
    const columns = within(table).getAllByRole('columnheader');
    const column = columns.findIndex((header) => header.textContent?.startsWith(environment));
    const row = within(table).getByRole('rowheader', { name: kb }).closest('tr')!;
    return within(row).getAllByRole('cell')[column - 1]!;
  };
  return { table, cell, onPromote, onRollback };
}

describe('EnvironmentMatrix', () => {
  it('when rendered from a status, then each environment header shows its build (or why unknown) and console promotion', () => {
    const { table } = renderMatrix();
    const [, dev, prod] = within(table).getAllByRole('columnheader');
    expect(dev!.textContent).toContain('dev (this API)');
    expect(dev!.textContent).toContain('build sha256:1a2b3c4d5e6f · 0c1d2e3 · 0.1.0');
    expect(dev!.textContent).toContain('console promotion: on');
    expect(prod!.textContent).toContain('unknown: no apiUrl configured');
    expect(prod!.textContent).toContain('console promotion: off');
  });

  it('when a kb is served, then its cell shows version, since, by whom, rollback target, drift and feedback', () => {
    const { cell } = renderMatrix();
    const dev = cell('docs', 'dev');
    expect(dev.textContent).toContain('v3');
    expect(dev.textContent).toContain('since 3m ago by ops-alice');
    expect(dev.textContent).toContain('rollback target: v2');
    expect(dev.textContent).toContain('drift: ok · 0.03 / 0.2');
    expect(dev.textContent).toContain('feedback: 4 up · 1 down');
    const prod = cell('docs', 'prod');
    expect(prod.textContent).toContain('no rollback target');
    expect(prod.textContent).toContain('drift: — judged by its own API');
    expect(cell('handbook', 'dev').textContent).toContain('not served');
  });

  it('when console promotion is off or there is no rollback target, then the buttons are disabled with the reason', async () => {
    const { cell, onPromote, onRollback } = renderMatrix();
    const prodPromote = within(cell('docs', 'prod')).getByRole('button', { name: 'Promote docs to prod…' });
    expect(prodPromote).toHaveProperty('disabled', true);
    expect(prodPromote.getAttribute('title')).toContain('prod does not allow promotion from the console');

    const user = userEvent.setup();
    await user.click(within(cell('docs', 'dev')).getByRole('button', { name: 'Roll back docs@dev…' }));
    await user.click(within(cell('handbook', 'dev')).getByRole('button', { name: 'Promote handbook to dev…' }));
    expect(onRollback).toHaveBeenCalledWith('docs', 'dev');
    expect(onPromote).toHaveBeenCalledWith('handbook', 'dev');
  });

  it('when the key may not change anything, then every Promote button is disabled', () => {
    renderMatrix(false);
    for (const button of screen.getAllByRole('button', { name: /^Promote/ })) {
      expect(button).toHaveProperty('disabled', true);
      expect(button.getAttribute('title')).toBe('Your key (role reader) cannot promote or roll back.');
    }
  });
});
