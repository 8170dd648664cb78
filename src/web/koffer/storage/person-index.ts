import { nameTokens } from '../../../core/register/names';

/**
 * The in-memory search index over the kit's register subset, built at unlock from the decrypted
 * replica and dropped at lock. Names are normalised like the server's register search
 * (Müller = Mueller, ß = ss, accents, double names); every word typed must start a word of the
 * person's names; a date narrows by birth date.
 */
export interface KitPerson {
  familyName: string;
  givenNames: string;
  birthName?: string | null;
  birthDate: string;
  [key: string]: unknown;
}

interface Entry {
  id: string;
  /** The normalised words, each preceded and followed by a space: " mueller anna ". */
  text: string;
  birthDate: string;
}

const textOf = (p: KitPerson) =>
  ` ${nameTokens(`${p.familyName} ${p.givenNames} ${p.birthName ?? ''}`).join(' ')} `;

const DATE_DE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const DATE_ISO = /^\d{4}-\d{2}-\d{2}$/;

export function parseDateQuery(word: string): string | null {
  if (DATE_ISO.test(word)) return word;
  const m = DATE_DE.exec(word);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
}

export class PersonIndex {
  private entries: Entry[] = [];

  static build(people: { id: string; data: KitPerson }[]): PersonIndex {
    const index = new PersonIndex();
    index.entries = people.map((p) => ({ id: p.id, text: textOf(p.data), birthDate: p.data.birthDate }));
    return index;
  }

  get size(): number {
    return this.entries.length;
  }

  upsert(id: string, person: KitPerson | null): void {
    this.entries = this.entries.filter((e) => e.id !== id);
    if (person) this.entries.push({ id, text: textOf(person), birthDate: person.birthDate });
  }

  /** Ids of matching persons, best first (exact word matches before prefixes), at most `limit`. */
  search(query: string, limit = 20): string[] {
    const words = query.trim().split(/\s+/).filter(Boolean);
    let date: string | null = null;
    const nameWords: string[] = [];
    for (const w of words) {
      const d = parseDateQuery(w);
      if (d) date = d;
      else nameWords.push(...nameTokens(w));
    }
    if (nameWords.length === 0 && !date) return [];
    const hits: { id: string; score: number }[] = [];
    const starts = nameWords.map((w) => ` ${w}`);
    const whole = nameWords.map((w) => ` ${w} `);
    for (const e of this.entries) {
      if (date && e.birthDate !== date) continue;
      let score = 0;
      let all = true;
      for (let i = 0; i < starts.length; i++) {
        // Every word typed must start a word of the names; a whole-word match ranks higher.
        if (!e.text.includes(starts[i]!)) {
          all = false;
          break;
        }
        score += e.text.includes(whole[i]!) ? 2 : 1;
      }
      if (all) hits.push({ id: e.id, score });
    }
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, limit).map((h) => h.id);
  }
}
