// The facade reads providers through the provider contract; the shapes are declared there once.
export type { ModelEntry, ParameterMapping, ParameterSchema, ProviderTable } from '@sorakit/provider'
