// The facade reads providers through the provider contract; the shapes are declared there once.
export type { ParameterSchema } from '@sorakit/provider'
