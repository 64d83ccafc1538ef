import { dialog, type BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import type { Logger } from '../../src/app/index.js';

/**
 * Help > Check for Updates… (packaged builds only): asks the release feed of electron-builder.yml
 * (`publish`) whether a newer version exists, and downloads and installs it only when the user
 * says so. Nothing is checked on its own and nothing is downloaded unasked: the app talks to no
 * server but the user's mail and team servers unless asked to.
 */
export async function checkForUpdates(
  window: BrowserWindow | undefined,
  currentVersion: string,
  logger: Logger,
): Promise<void> {
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = false;
  autoUpdater.logger = {
    info: () => {},
    warn: (m: unknown) => logger.warn(String(m)),
    error: (m: unknown) => logger.error(String(m)),
    debug: () => {},
  };
  const show = (options: Electron.MessageBoxOptions) =>
    window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
  try {
    const found = await autoUpdater.checkForUpdates();
    if (!found?.isUpdateAvailable) {
      await show({
        type: 'info',
        message: 'Switchboard is up to date',
        detail: `Version ${currentVersion}`,
      });
      return;
    }
    const next = found.updateInfo.version;
    const asked = await show({
      type: 'info',
      message: `Switchboard ${next} is available`,
      detail: `You have ${currentVersion}. Download it now? It is installed when you restart.`,
      buttons: ['Download', 'Later'],
      defaultId: 0,
      cancelId: 1,
    });
    if (asked.response !== 0) return;
    await autoUpdater.downloadUpdate();
    const restart = await show({
      type: 'info',
      message: `Switchboard ${next} is ready`,
      detail: 'Restart now to use it, or it is installed the next time you quit.',
      buttons: ['Restart now', 'Later'],
      defaultId: 0,
      cancelId: 1,
    });
    if (restart.response === 0) autoUpdater.quitAndInstall();
  } catch (error) {
    logger.error('checking for updates failed', error);
    await show({
      type: 'warning',
      message: 'Could not check for updates',
      detail: error instanceof Error ? error.message.split('\n')[0] : String(error),
    });
  }
}
