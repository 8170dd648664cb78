import { isEmail, normalisePhone } from '../../../core/booking/contact';
import { AppError, type FieldError } from '../../http/errors';

export interface ContactInput {
  name: string;
  email?: string | null;
  phone?: string | null;
}

export interface Contact {
  name: string;
  email: string | null;
  phone: string | null;
  /** Normalised email or phone: the key of the per-day limit. */
  key: string;
}

/** Checks the contact: a name and an email address or phone number (both allowed). */
export function checkContact(input: ContactInput, base = '/contact'): Contact {
  const errors: FieldError[] = [];
  const name = input.name.trim();
  if (!name) errors.push({ path: `${base}/name`, code: 'required' });
  const email = input.email?.trim() ? input.email.trim() : null;
  const phoneRaw = input.phone?.trim() ? input.phone.trim() : null;
  if (email && !isEmail(email)) errors.push({ path: `${base}/email`, code: 'format:email' });
  const phone = phoneRaw ? normalisePhone(phoneRaw) : null;
  if (phoneRaw && !phone) errors.push({ path: `${base}/phone`, code: 'format:phone' });
  if (!email && !phoneRaw) errors.push({ path: `${base}/email`, code: 'contactRequired' });
  if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
  return { name, email, phone: phoneRaw, key: email ? `e:${email.toLowerCase()}` : `p:${phone}` };
}
