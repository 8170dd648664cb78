import type { FeeFrame, LandField } from '../../../core/catalog/land';
import { Alert } from '../../ui/components';
import { useFormat, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { useSession } from '../../ui/session';
import { landMessages } from './messages';

/** In the local editor: the Land service this one follows, its local overrides and the fee frame. */
export function LandNotice({
  land,
}: {
  land: { adoptedVersion: number; openReviewId: string | null; feeFrame: FeeFrame; overridden: LandField[] };
}) {
  const t = useT(landMessages);
  const fmt = useFormat();
  const { session } = useSession();
  const frame = land.feeFrame;
  return (
    <Alert tone="info" title={t('editorNotice', { version: land.adoptedVersion })}>
      <p className="kern-body">
        {land.overridden.length
          ? t('editorOverridden', { fields: land.overridden.map((f) => t(`field_${f}`)).join(', ') })
          : t('editorNoOverride')}
      </p>
      <p className="kern-body">
        {frame.kind === 'fixed'
          ? t('editorFeeFixed')
          : frame.kind === 'range'
            ? t('editorFeeRange', { min: fmt.cents(frame.minCents), max: fmt.cents(frame.maxCents) })
            : t('editorFeeOpen')}
      </p>
      {land.openReviewId && session?.user.roles.includes('admin') && (
        <p className="kern-body">
          <Link className="kern-link" href={`/admin/landeskatalog/aenderungen/${land.openReviewId}`}>
            {t('editorReview')}
          </Link>
        </p>
      )}
    </Alert>
  );
}
