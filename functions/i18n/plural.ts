import type { Language } from '../domain/language.ts';

/**
 * Words that change with a count, chosen by the language's own plural rules (Intl.PluralRules):
 * English and Spanish say "one" and "other" (Spanish also "many" for some large round numbers, which
 * falls back to "other" unless a form is given). Give `other` always, and the forms the language has.
 */
export type PluralForms<T> = { other: T } & Partial<Record<Intl.LDMLPluralRule, T>>;

const rules = new Map<Language, Intl.PluralRules>();

export function plural<T>(language: Language, count: number, forms: PluralForms<T>): T {
  let rule = rules.get(language);
  if (!rule) {
    rule = new Intl.PluralRules(language);
    rules.set(language, rule);
  }
  return forms[rule.select(count)] ?? forms.other;
}
