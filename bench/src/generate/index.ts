/** The home generator, for suites that need realistic Codex homes (tests/reliability). */
export { type GeneratedHome, type GeneratedLargeRollout, GENERATOR_VERSION, generateHome, generateLargeRollout, type GenerateHomeOptions } from './generate-home';
