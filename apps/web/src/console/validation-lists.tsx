import type { VersionDetail } from '@ragship/server';

/** What validation kept out of a version (rejected, with reasons) and let in with flags. */
export function ValidationLists({ rejected, flagged }: Pick<VersionDetail, 'rejected' | 'flagged'>) {
  return (
    <>
      <section aria-labelledby="rejected-heading">
        <h2 id="rejected-heading">Rejected documents ({rejected.length})</h2>
        {rejected.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Rule</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rejected.map((document) => (
                <tr key={document.docId}>
                  <th scope="row">
                    <code>{document.docId}</code>
                  </th>
                  <td>{document.rule}</td>
                  <td>{document.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="flagged-heading">
        <h2 id="flagged-heading">Flagged documents ({flagged.length})</h2>
        {flagged.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Flags</th>
                <th scope="col">Found</th>
                <th scope="col">Redacted</th>
              </tr>
            </thead>
            <tbody>
              {flagged.map((document) => (
                <tr key={document.docId}>
                  <th scope="row">
                    <code>{document.docId}</code>
                  </th>
                  <td>{document.flags.join(', ')}</td>
                  <td>{document.reason}</td>
                  <td>{document.redacted ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
