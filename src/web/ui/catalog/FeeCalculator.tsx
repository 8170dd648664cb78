import { type FormEvent, useState } from 'react';
import { computeFee, type FeeResult, type FeeSchedule } from '../../../core/catalog/fees';
import { Button, ChoiceGroup, errorFor, type FormError, TextField } from '../forms';
import { useFormat, useLocale, useT } from '../i18n';
import { catalogMessages } from './messages';

/**
 * Works out a fee with the same rules the desk and the kit use (computeFee in src/core). Asks only
 * what the schedule needs: the age for age bands, a number for per-unit fees, the surcharges.
 * Validates on submit; the errors go to the page's error summary through `onErrors`.
 */
export function FeeCalculator({
  schedule,
  errors,
  onErrors,
}: {
  schedule: FeeSchedule;
  errors: FormError[];
  onErrors(errors: FormError[]): void;
}) {
  const t = useT(catalogMessages);
  const { locale } = useLocale();
  const fmt = useFormat();
  const [age, setAge] = useState('');
  const [units, setUnits] = useState('');
  const [options, setOptions] = useState<string[]>([]);
  const [result, setResult] = useState<FeeResult | null>(null);
  const needsAge = schedule.rules.some((r) => r.kind === 'by_age');
  const unitRule = schedule.rules.find((r) => r.kind === 'per_unit');

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: FormError[] = [];
    let ageValue: number | undefined;
    let unitValue: number | undefined;
    if (needsAge) {
      if (age.trim() === '') problems.push({ fieldId: 'fee-age', message: t('errorAgeMissing') });
      else if (!/^\d{1,3}$/.test(age.trim()) || Number(age) > 130)
        problems.push({ fieldId: 'fee-age', message: t('errorAgeInvalid') });
      else ageValue = Number(age);
    }
    if (unitRule && unitRule.kind === 'per_unit') {
      const min = unitRule.minUnits ?? 1;
      const max = unitRule.maxUnits ?? 999;
      if (units.trim() === '') problems.push({ fieldId: 'fee-units', message: t('errorUnitsMissing') });
      else if (!/^\d+$/.test(units.trim()) || Number(units) < min || Number(units) > max)
        problems.push({ fieldId: 'fee-units', message: t('errorUnitsRange', { min, max }) });
      else unitValue = Number(units);
    }
    onErrors(problems);
    if (problems.length) {
      setResult(null);
      return;
    }
    setResult(computeFee(schedule, { age: ageValue, units: unitValue, options }));
  }

  return (
    <form
      className="bk-form bk-fee-calculator bk-no-print"
      onSubmit={submit}
      noValidate
      aria-labelledby="fee-calc-title"
    >
      <h3 className="kern-heading-small" id="fee-calc-title">
        {t('calculatorTitle')}
      </h3>
      {needsAge && (
        <TextField
          id="fee-age"
          label={t('calculatorAge')}
          hint={t('calculatorAgeHint')}
          inputMode="numeric"
          autoComplete="off"
          width={4}
          value={age}
          onChange={(e) => setAge(e.target.value)}
          error={errorFor(errors, 'fee-age')}
        />
      )}
      {unitRule && (
        <TextField
          id="fee-units"
          label={t('calculatorUnits')}
          inputMode="numeric"
          autoComplete="off"
          width={4}
          value={units}
          onChange={(e) => setUnits(e.target.value)}
          error={errorFor(errors, 'fee-units')}
        />
      )}
      {(schedule.options?.length ?? 0) > 0 && (
        <ChoiceGroup
          id="fee-options"
          legend={t('calculatorOptions')}
          type="checkbox"
          name="fee-options"
          optional
          options={(schedule.options ?? []).map((o) => ({
            value: o.id,
            label: `${o.label[locale]} (+ ${fmt.cents(o.amountCents)})`,
          }))}
          value={options}
          onChange={setOptions}
        />
      )}
      <div>
        <Button type="submit" variant="secondary">
          {t('calculate')}
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {result && (
          <div className="bk-fee-result">
            <h4 className="kern-heading-small">{t('calculatorResult')}</h4>
            <table className="kern-table">
              <tbody className="kern-table__body">
                {result.lines.map((l, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
                  <tr className="kern-table__row" key={i}>
                    <td className="kern-table__cell">{l.label[locale]}</td>
                    <td className="kern-table__cell bk-num">{fmt.cents(l.amountCents)}</td>
                  </tr>
                ))}
                <tr className="kern-table__row bk-fee-total">
                  <th className="kern-table__cell" scope="row">
                    {t('calculatorTotal')}
                  </th>
                  <td className="kern-table__cell bk-num">{fmt.cents(result.totalCents)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        )}
      </div>
    </form>
  );
}
