/**
 * What a model does in the facade. A manifest names one per model document (`model.operation`);
 * codegen, the facade, the mock and the CLI read the names from here.
 */
export const modelOperations = [
  'textToVideo',
  'imageToVideo',
  'storyboard',
  'createCharacter',
  'createCharacterFromTask',
  'removeWatermark',
] as const

export type ModelOperation = (typeof modelOperations)[number]

/** Where an upload's bytes come from. */
export const uploadSources = ['file', 'url', 'base64'] as const

export type UploadSource = (typeof uploadSources)[number]
