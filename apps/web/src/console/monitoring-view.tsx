import type { AdminMonitoring } from '@ragship/server';
import { RelativeTime } from '../format/relative-time.tsx';
import { formatNumber } from '../format/format-number.ts';

/** This API's drift reports and the recent feedback with its comments. */
export function MonitoringView({ monitoring, phoenixUrl }: { monitoring: AdminMonitoring; phoenixUrl: string | null }) {
  const { drift, feedback } = monitoring;
  return (
    <>
      <section aria-labelledby="drift-heading">
        <h2 id="drift-heading">Drift in {monitoring.environment}</h2>
        {drift.length === 0 ? (
          <p className="muted">No served version has seen traffic since this API started.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Score / threshold</th>
                <th scope="col">Worst signal</th>
                <th scope="col">Retrievals observed</th>
              </tr>
            </thead>
            <tbody>
              {drift.map((report) => (
                <tr key={`${report.kb}@${report.indexVersion}`}>
                  <th scope="row">
                    {report.kb}@{report.indexVersion}
                  </th>
                  <td className={report.status === 'drift' ? 'text-refused' : ''}>{report.status.replace('_', ' ')}</td>
                  <td>
                    {report.score === null ? '—' : formatNumber(report.score)} / {formatNumber(report.threshold)}
                  </td>
                  <td>{report.worstSignal ?? '—'}</td>
                  <td>{report.observed.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="feedback-heading">
        <h2 id="feedback-heading">Recent feedback</h2>
        {feedback.recent.length === 0 ? (
          <p className="muted">No answer has been rated yet.</p>
        ) : (
          <ul className="feedback-list">
            {feedback.recent.map((item) => (
              <li key={`${item.traceId}-${item.at}`}>
                <span className={item.rating === 1 ? 'rating-up' : 'rating-down'}>
                  {item.rating === 1 ? 'up' : 'down'}
                </span>{' '}
                <span>
                  {item.kb ?? '—'}
                  {item.version ? `@${item.version}` : ''} in {item.environment}
                </span>{' '}
                · <RelativeTime iso={item.at} />
                {phoenixUrl && (
                  <>
                    {' '}
                    ·{' '}
                    <a
                      href={`${phoenixUrl.replace(/\/+$/, '')}/redirects/traces/${encodeURIComponent(item.traceId)}`}
                      target="_blank"
                      rel="noopener noreferrer"
                    >
                      trace
                    </a>
                  </>
                )}
                {item.comment && <blockquote>{item.comment}</blockquote>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
