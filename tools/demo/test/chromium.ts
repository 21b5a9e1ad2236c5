import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

// Debian's Chromium (`apt-get install chromium`; `pnpm bootstrap` installs it when missing), driven by playwright-core,
// which
// never downloads a browser. One launcher for every browser test of this package.
const chromiumPath = '/usr/bin/chromium'
// The machine's network is closed: without the background-networking flags Chromium keeps trying to reach Google.
const chromiumArguments = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface LaunchedChromium {
  browser: BrowserContext
  /** Closes the browser and removes its temporary profile. */
  close(): Promise<void>
}

/** Headless Chromium with a fresh temporary profile. */
export async function launchChromium(): Promise<LaunchedChromium> {
  const userDataDirectory = await mkdtemp(path.join(os.tmpdir(), 'sorakit-chromium-'))
  try {
    const browser = await chromium.launchPersistentContext(userDataDirectory, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArguments,
    })
    return {
      browser,
      close: async () => {
        await browser.close()
        await rm(userDataDirectory, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(userDataDirectory, { recursive: true, force: true })
    throw error
  }
}
