// Compiled-once matchers for rule conditions: numbers (exact, prefix, regex, Asterisk) and time windows.
export { compileAsteriskPattern, MAX_SOURCE_LENGTH, MAX_VARIABLE_WILDCARDS, type PatternResult } from './asterisk-pattern.js';
export { compileNumberMatcher, type NumberMatcher, type NumberMatcherItem, type NumberMatcherResult, type NumberMatcherSpec } from './number-pattern.js';
export { compileTimeCondition, type TimeConditionResult, type TimeConditionSpec, type TimeMatcher, type Weekday } from './time-window.js';
