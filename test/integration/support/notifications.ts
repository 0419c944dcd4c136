// The notification centre, driven the way a person uses it. Headless workbenches keep toasts out
// of sight, so tests read and click notifications in the centre. The centre hides itself when its
// last notification goes (a progress that finishes, a clearAll), and a notification added while it
// is hidden is rendered only when it is shown again: so every poll shows it again, and a match
// counts only inside a centre that is visible.
import * as vscode from 'vscode';
import { driver } from './driver';
import { eventually } from './extension';

const VISIBLE_CENTRE = '.notifications-center.visible';

/**
 * Shows the centre until `selector` (inside it) matches, and returns the full selector. Fails
 * after `timeoutMs` naming what it waited for.
 */
export async function inNotificationCenter(selector: string, timeoutMs = 20000): Promise<string> {
  const full = `${VISIBLE_CENTRE} ${selector}`;
  await eventually(
    async () => {
      if ((await driver.count(full)) > 0) return true;
      // Hide first: showList on a centre that believes it is open only focuses it, without rendering.
      await vscode.commands.executeCommand('notifications.hideList');
      await vscode.commands.executeCommand('notifications.showList');
      return (await driver.count(full)) > 0 ? true : undefined;
    },
    `${selector} in the notification centre`,
    timeoutMs,
  );
  return full;
}

/** Clicks `button` (its text) on the notification that contains `text` (any notification when omitted). */
export async function clickNotificationButton(button: string, text?: string): Promise<void> {
  const item = text === undefined ? '' : `.notification-list-item:has-text(${JSON.stringify(text)}) `;
  await driver.click(await inNotificationCenter(`${item}.monaco-button:has-text(${JSON.stringify(button)})`));
  await vscode.commands.executeCommand('notifications.hideList');
}

/** Hides the centre and removes every notification. */
export async function clearNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.hideList');
  await vscode.commands.executeCommand('notifications.clearAll');
}
