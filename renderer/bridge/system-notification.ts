/**
 * Tells the OS too, when the page is not what its user is looking at: a native notification in
 * the desktop app (Electron shows the page's Notifications as the system's; its main process
 * allows them for the app's own page), a browser's where the user allowed them. Clicking it
 * brings the window forward and runs `onOpen`. Nothing where notifications are not allowed: the
 * page never asks (a browser asks only on a click, and the in-app notification is there anyway).
 */
export function notifySystem(title: string, body: string, tag: string, onOpen: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  const shown = new Notification(title, { body, tag });
  shown.onclick = () => {
    window.focus();
    onOpen();
    shown.close();
  };
}
