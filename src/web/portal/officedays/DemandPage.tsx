import { type FormEvent, useEffect, useState } from 'react';
import { isEmail, normalisePhone } from '../../../core/booking/contact';
import { BotCheck } from '../../ui/antibot/BotCheck';
import { antibotMessages } from '../../ui/antibot/messages';
import { type BookableService, bookingApi, type VillageSchedule } from '../../ui/booking-api';
import { Alert, BackLink, Loading } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  SelectField,
  TextArea,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link, useAutofill, useSearch } from '../../ui/router';
import { officeDayMessages } from './messages';

/** "I would use an office day in my village": counted per village for the coordinator. */
export default function DemandPage({ back }: { back: string }) {
  const autofill = useAutofill();
  const t = useT(officeDayMessages);
  const c = useT(common);
  const { locale } = useLocale();
  const search = useSearch();
  const [villages, setVillages] = useState<VillageSchedule[] | null>(null);
  const [services, setServices] = useState<BookableService[]>([]);
  const [village, setVillage] = useState(search.get('ort') ?? '');
  const [chosen, setChosen] = useState<string[]>([]);
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [done, setDone] = useState(false);
  const [altcha, setAltcha] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const b = useT(antibotMessages);
  usePageTitle(done ? t('demandDone') : t('demandFormTitle'), errors.length > 0 || !!general);
  useEffect(() => {
    void bookingApi.villages().then(setVillages);
    void bookingApi.services().then(setServices);
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (!village) local.push({ fieldId: 'demand-village', message: t('demandVillageMissing') });
    if (email.trim() && !isEmail(email)) local.push({ fieldId: 'demand-email', message: t('emailInvalid') });
    if (phone.trim() && !normalisePhone(phone))
      local.push({ fieldId: 'demand-phone', message: t('phoneInvalid') });
    if (!altcha) local.push({ fieldId: 'botcheck', message: b('required') });
    setErrors(local);
    setGeneral(undefined);
    if (local.length || !altcha) return;
    // A solution is accepted once: whatever the answer, the next attempt needs a fresh check.
    setRound((r) => r + 1);
    try {
      await bookingApi.demand(
        {
          villageId: village,
          serviceIds: chosen,
          email: email.trim() || null,
          phone: phone.trim() || null,
          note: note.trim() || null,
        },
        altcha,
      );
      setDone(true);
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        { '/villageId': 'demand-village', '/email': 'demand-email', '/phone': 'demand-phone' },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  if (done) {
    return (
      <>
        <h1 className="kern-heading-large">{t('demandDone')}</h1>
        <Alert tone="success" title={t('demandDone')} role="status">
          <p className="kern-body">{t('demandDoneText')}</p>
        </Alert>
        <p className="kern-body">
          <Link className="kern-link" href={back}>
            {t('back')}
          </Link>
        </p>
      </>
    );
  }
  if (!villages) return <Loading />;
  return (
    <>
      <BackLink href={back} />
      <form className="bk-form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} general={general} />
        <h1 className="kern-heading-large">{t('demandFormTitle')}</h1>
        <SelectField
          id="demand-village"
          label={t('village')}
          value={village}
          onChange={(e) => setVillage(e.target.value)}
          error={errorFor(errors, 'demand-village')}
          options={[
            { value: '', label: t('chooseVillage') },
            ...villages.map((v) => ({ value: v.id, label: `${v.name} (${v.municipalityName})` })),
          ]}
        />
        <ChoiceGroup
          id="demand-services"
          legend={t('demandServices')}
          optional
          type="checkbox"
          name="demand-services"
          options={services.map((s) => ({ value: s.id, label: s.name[locale] }))}
          value={chosen}
          onChange={setChosen}
        />
        <h2 className="kern-heading-small">{t('demandContact')}</h2>
        <p className="kern-body">{t('demandContactHint')}</p>
        <TextField
          id="demand-email"
          type="email"
          label={t('email')}
          optional
          autoComplete={autofill('email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errorFor(errors, 'demand-email')}
        />
        <TextField
          id="demand-phone"
          type="tel"
          label={t('phone')}
          optional
          autoComplete={autofill('tel')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={errorFor(errors, 'demand-phone')}
        />
        <TextArea
          id="demand-note"
          label={t('note')}
          optional
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <BotCheck id="botcheck" error={errorFor(errors, 'botcheck')} round={round} onSolved={setAltcha} />
        <div>
          <Button>{t('demandSubmit')}</Button>
        </div>
      </form>
    </>
  );
}
