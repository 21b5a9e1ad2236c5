// `@sorakit/mock/msw` is `@sorakit/mock-msw`, kept for apps that install the servers and the handlers together.
// An app that only wants the handlers installs `@sorakit/mock-msw`, without Prism.
export * from '@sorakit/mock-msw'
