import type { FeeInput } from '../catalog/fees';
import type { FormContext, FormDefinition } from './types';
import { applicantAge, getByPointer } from './validate';

/**
 * What the fee computation (computeFee from the catalogue's rules) needs from a form: the
 * applicant's age on the application date, the number of units and the chosen options.
 */
export function feeInputFromForm(
  definition: FormDefinition,
  data: Record<string, unknown>,
  context: FormContext,
  waiverId?: string,
): FeeInput {
  const units = definition.fee?.unitsField ? getByPointer(data, definition.fee.unitsField) : undefined;
  const options = definition.fee?.optionsField ? getByPointer(data, definition.fee.optionsField) : undefined;
  return {
    age: applicantAge(definition, data, context),
    units: typeof units === 'number' ? units : undefined,
    options: Array.isArray(options) ? options.filter((o): o is string => typeof o === 'string') : [],
    ...(waiverId ? { waiverId } : {}),
  };
}
