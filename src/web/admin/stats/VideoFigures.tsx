import { useLocale, useT } from '../../ui/i18n';
import { videoStatsMessages } from './video-messages';

interface Counts {
  calls: number;
  booked: number;
  answered: number;
  cases: number;
  abandoned: number;
  connectionLost: number;
  waitMedianMinutes: number | null;
  durationMedianMinutes: number | null;
}

export interface VideoCallFigures extends Counts {
  byLocation: (Counts & { locationId: string; locationName: string })[];
}

const COLUMNS = ['calls', 'booked', 'answered', 'cases', 'abandoned', 'connectionLost'] as const;

/**
 * Video consultations at the terminals beside the other channels (#11): per terminal location how
 * many calls, how they ended, how long callers waited and talked. Metadata only — no content.
 */
export function VideoFigures({ figures }: { figures: VideoCallFigures }) {
  const t = useT(videoStatsMessages);
  const { locale } = useLocale();
  const minutes = (v: number | null) =>
    v === null ? t('noValue') : v.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB');
  const cells = (row: Counts) => (
    <>
      {COLUMNS.map((key) => (
        <td className="kern-table__cell kern-table__cell--numeric" key={key}>
          {row[key]}
        </td>
      ))}
      <td className="kern-table__cell kern-table__cell--numeric">{minutes(row.waitMedianMinutes)}</td>
      <td className="kern-table__cell kern-table__cell--numeric">{minutes(row.durationMedianMinutes)}</td>
    </>
  );
  return (
    <section aria-labelledby="video-stats-title">
      <h2 className="kern-heading-medium" id="video-stats-title">
        {t('title')}
      </h2>
      <p className="kern-body">{t('lead')}</p>
      {figures.calls === 0 ? (
        <p className="kern-body">{t('none')}</p>
      ) : (
        <section
          className="kern-table-responsive"
          data-testid="stats-video"
          aria-labelledby="video-stats-title"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must be reachable by keyboard (WCAG 2.1.1)
          tabIndex={0}
        >
          <table className="kern-table kern-table--small kern-table--striped">
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th className="kern-table__cell" scope="col">
                  {t('colPlace')}
                </th>
                {COLUMNS.map((key) => (
                  <th className="kern-table__cell kern-table__cell--numeric" scope="col" key={key}>
                    {t(`col_${key}`)}
                  </th>
                ))}
                <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                  {t('colWait')}
                </th>
                <th className="kern-table__cell kern-table__cell--numeric" scope="col">
                  {t('colDuration')}
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {figures.byLocation.map((l) => (
                <tr className="kern-table__row" key={l.locationId}>
                  <th className="kern-table__cell" scope="row">
                    {l.locationName}
                  </th>
                  {cells(l)}
                </tr>
              ))}
              <tr className="kern-table__row">
                <th className="kern-table__cell" scope="row">
                  {t('total')}
                </th>
                {cells(figures)}
              </tr>
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
