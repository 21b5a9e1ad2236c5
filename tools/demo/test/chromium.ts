// The browser tests' Chromium: Debian's (`apt-get install chromium`; `pnpm bootstrap` installs it when
// missing), driven by playwright-core, which never downloads a browser.
export const chromiumPath = '/usr/bin/chromium'
// The machine's network is closed: without the background-networking flags Chromium keeps trying to reach Google.
export const chromiumArguments = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
