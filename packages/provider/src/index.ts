/**
 * The sorakit provider contract: the shapes every generated provider package, the facade, the mock,
 * the CLI and the tests share. Types, plus the few names they are built from (operations, common
 * parameters, encodings, the package naming rule). No dependencies.
 */
export * from './provider-operations.js'
export * from './provider-parameters.js'
export * from './provider-table.js'
export * from './provider-package.js'
export * from './family-task-states.js'
export { falTaskStates } from './fal-family-states.js'
export { kieTaskStates } from './kie-family-states.js'
export { vtrixTaskStates } from './vtrix-family-states.js'
export * from './fal-family-webhook.js'
