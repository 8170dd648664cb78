import { usePageTitle } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { kitMessages } from '../messages';

export default function ServePage() {
  const t = useT(kitMessages);
  usePageTitle(t('title'));
  return <h1 className="kern-heading-large">{t('title')}</h1>;
}
