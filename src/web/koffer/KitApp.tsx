import { usePageTitle } from '../ui/forms';
import { LocaleProvider, useT } from '../ui/i18n';
import { PageLayout } from '../ui/layout';
import { kitMessages } from './messages';

function KitHome() {
  const t = useT(kitMessages);
  usePageTitle(t('title'));
  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
    </>
  );
}

export function KitApp() {
  return (
    <LocaleProvider>
      <PageLayout>
        <KitHome />
      </PageLayout>
    </LocaleProvider>
  );
}
