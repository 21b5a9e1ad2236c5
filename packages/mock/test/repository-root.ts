export { repositoryRoot } from '../src/mock-providers.js'
