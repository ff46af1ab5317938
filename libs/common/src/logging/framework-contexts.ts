/**
 * Nest's own start-up chatter (a line per module, controller and route): for debugging, not for
 * the operator reading the first screen, so every Relay process logs it below `info`.
 */
export const FRAMEWORK_LOG_CONTEXTS: ReadonlySet<string> = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);
