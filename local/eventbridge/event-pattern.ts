/**
 * EventBridge content filtering (event patterns), as documented in
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 *
 * Like EventBridge, the event is seen as flattened leaves: arrays are walked into at every level, a
 * leaf matches a list of matchers when any of its values matches any matcher, and the keys of a
 * pattern object must all match (`$or` takes a list of alternative patterns at the same level).
 */

export type EventPattern = { [key: string]: unknown };

export class InvalidEventPatternError extends Error {
  override name = 'InvalidEventPatternException';
}

type Json = unknown;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown) =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** True when `event` satisfies `pattern`. Throws InvalidEventPatternError on a malformed pattern. */
export function matchesPattern(pattern: EventPattern, event: Json): boolean {
  return matchObject(pattern, [event], '');
}

/** Throws InvalidEventPatternError when `pattern` is not a pattern EventBridge would accept. */
export function assertValidPattern(pattern: unknown): asserts pattern is EventPattern {
  if (!isObject(pattern)) throw new InvalidEventPatternError('Event pattern must be a JSON object');
  validateObject(pattern, '');
}

function flatten(value: Json): Json[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function children(nodes: Json[], key: string): Json[] {
  const found: Json[] = [];
  for (const node of nodes) {
    if (isObject(node) && Object.hasOwn(node, key)) found.push(...flatten(node[key]));
  }
  return found;
}

function matchObject(pattern: EventPattern, nodes: Json[], path: string): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length === 0) throw invalid(path, '$or must be a non-empty array');
      if (!sub.some((alternative) => matchObject(asPattern(alternative, path), nodes, path))) return false;
      continue;
    }
    const at = path ? `${path}.${key}` : key;
    const values = children(nodes, key);
    if (Array.isArray(sub)) {
      if (!matchLeaf(sub, values, at)) return false;
    } else if (isObject(sub)) {
      if (!matchObject(sub, values, at)) return false;
    } else {
      throw invalid(at, 'must be an array of values or matchers, or a nested object');
    }
  }
  return true;
}

function asPattern(value: unknown, path: string): EventPattern {
  if (!isObject(value)) throw invalid(path, 'each $or alternative must be an object');
  return value;
}

function matchLeaf(matchers: unknown[], values: Json[], path: string): boolean {
  const leaves = values.filter((value) => !isObject(value));
  return matchers.some((matcher) => {
    if (isObject(matcher) && Object.hasOwn(matcher, 'exists')) {
      const exists = matcher.exists;
      if (typeof exists !== 'boolean') throw invalid(path, 'exists takes true or false');
      return exists ? leaves.length > 0 : leaves.length === 0;
    }
    return leaves.some((value) => matchValue(matcher, value, path));
  });
}

function onlyKey(matcher: Record<string, unknown>, path: string): [string, unknown] {
  const entries = Object.entries(matcher);
  const [entry] = entries;
  if (entries.length !== 1 || !entry) throw invalid(path, 'a matcher object must have exactly one key');
  return entry;
}

function matchValue(matcher: unknown, value: Json, path: string): boolean {
  if (isScalar(matcher)) return matcher === value;
  if (!isObject(matcher)) throw invalid(path, 'matchers must be values or single-key objects');
  const [operator, operand] = onlyKey(matcher, path);
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && stringTest(operand, path, 'prefix')(value);
    case 'suffix':
      return typeof value === 'string' && stringTest(operand, path, 'suffix')(value);
    case 'equals-ignore-case':
      return typeof value === 'string' && stringTest(operand, path, 'equals-ignore-case')(value);
    case 'wildcard':
      return typeof value === 'string' && stringTest(operand, path, 'wildcard')(value);
    case 'numeric':
      return typeof value === 'number' && numericTest(operand, path)(value);
    case 'anything-but':
      return anythingBut(operand, value, path);
    default:
      throw invalid(path, `unsupported matcher "${operator}"`);
  }
}

function anythingBut(operand: unknown, value: Json, path: string): boolean {
  if (isScalar(operand)) {
    if (operand === null || typeof operand === 'boolean')
      throw invalid(path, 'anything-but takes strings, numbers, a list of them, or prefix/suffix/...');
    return operand !== value;
  }
  if (Array.isArray(operand)) {
    if (
      operand.length === 0 ||
      !operand.every((item) => typeof item === 'string' || typeof item === 'number')
    )
      throw invalid(path, 'anything-but takes a non-empty list of strings or numbers');
    return !(operand as unknown[]).includes(value);
  }
  if (isObject(operand)) {
    const [operator, inner] = onlyKey(operand, path);
    if (!['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(operator))
      throw invalid(path, `anything-but does not take "${operator}"`);
    // Not a string at all: certainly not a string that starts with (ends with, equals...) the operand.
    if (typeof value !== 'string') return true;
    const tests = Array.isArray(inner) ? inner : [inner];
    if (tests.length === 0) throw invalid(path, `anything-but ${operator} needs a value`);
    return !tests.some((test) => stringTest(test, path, operator)(value));
  }
  throw invalid(path, 'anything-but takes strings, numbers, a list of them, or prefix/suffix/...');
}

function stringTest(operand: unknown, path: string, operator: string): (value: string) => boolean {
  if (operator === 'prefix' || operator === 'suffix') {
    let ignoreCase = false;
    let text = operand;
    if (isObject(operand)) {
      const [inner, innerOperand] = onlyKey(operand, path);
      if (inner !== 'equals-ignore-case')
        throw invalid(path, `${operator} takes a string or equals-ignore-case`);
      ignoreCase = true;
      text = innerOperand;
    }
    if (typeof text !== 'string') throw invalid(path, `${operator} takes a string`);
    const wanted = ignoreCase ? fold(text) : text;
    return (value) => {
      const seen = ignoreCase ? fold(value) : value;
      return operator === 'prefix' ? seen.startsWith(wanted) : seen.endsWith(wanted);
    };
  }
  if (operator === 'equals-ignore-case') {
    if (typeof operand !== 'string') throw invalid(path, 'equals-ignore-case takes a string');
    const wanted = fold(operand);
    return (value) => fold(value) === wanted;
  }
  if (operator === 'wildcard') {
    if (typeof operand !== 'string') throw invalid(path, 'wildcard takes a string');
    const regex = wildcardRegex(operand);
    return (value) => regex.test(value);
  }
  throw invalid(path, `unsupported matcher "${operator}"`);
}

const fold = (text: string) => text.toLowerCase().toUpperCase();

function wildcardRegex(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] as string;
    if (char === '\\' && index + 1 < pattern.length) {
      index++;
      source += escapeRegex(pattern[index] as string);
    } else if (char === '*') {
      source += '.*';
    } else {
      source += escapeRegex(char);
    }
  }
  return new RegExp(`^${source}$`, 's');
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const NUMERIC_OPERATORS: Record<string, (left: number, right: number) => boolean> = {
  '=': (left, right) => left === right,
  '<': (left, right) => left < right,
  '<=': (left, right) => left <= right,
  '>': (left, right) => left > right,
  '>=': (left, right) => left >= right,
};

function numericTest(operand: unknown, path: string): (value: number) => boolean {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4)
    throw invalid(path, 'numeric takes one or two [operator, number] pairs');
  const conditions: Array<(value: number) => boolean> = [];
  for (let index = 0; index < operand.length; index += 2) {
    const operator = operand[index];
    const bound = operand[index + 1];
    const compare = typeof operator === 'string' ? NUMERIC_OPERATORS[operator] : undefined;
    if (!compare || typeof bound !== 'number' || !Number.isFinite(bound))
      throw invalid(path, 'numeric takes operators =, <, <=, >, >= each followed by a number');
    conditions.push((value) => compare(value, bound));
  }
  return (value) => conditions.every((condition) => condition(value));
}

function validateObject(pattern: Record<string, unknown>, path: string) {
  if (Object.keys(pattern).length === 0 && path !== '') throw invalid(path, 'empty nested object');
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2) throw invalid(path, '$or takes at least two alternatives');
      for (const alternative of sub) validateObject(asPattern(alternative, path), path);
      continue;
    }
    const at = path ? `${path}.${key}` : key;
    if (Array.isArray(sub)) {
      if (sub.length === 0) throw invalid(at, 'empty arrays match nothing');
      for (const matcher of sub) validateMatcher(matcher, at);
    } else if (isObject(sub)) {
      validateObject(sub, at);
    } else {
      throw invalid(at, 'must be an array of values or matchers, or a nested object');
    }
  }
}

function validateMatcher(matcher: unknown, path: string) {
  if (isObject(matcher) && Object.hasOwn(matcher, 'exists')) {
    if (Object.keys(matcher).length !== 1 || typeof matcher.exists !== 'boolean')
      throw invalid(path, 'exists takes true or false');
    return;
  }
  // Exercise the matcher once against a value of each type: operands are checked on the way.
  for (const probe of ['', 0, true, null]) matchValue(matcher, probe, path);
}

function invalid(path: string, reason: string) {
  return new InvalidEventPatternError(`Event pattern is not valid${path ? ` at "${path}"` : ''}: ${reason}`);
}
