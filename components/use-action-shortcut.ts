import { useEffect, useState } from 'preact/hooks';

/**
 * The keyboard shortcut that opens the popup, as the browser has it now (the user may have
 * changed or cleared it): undefined while it is read, '' when there is none.
 */
export function useActionShortcut(): string | undefined {
  const [shortcut, setShortcut] = useState<string>();
  useEffect(() => {
    void chrome.commands.getAll().then((commands) => {
      setShortcut(commands.find((command) => command.name === '_execute_action')?.shortcut ?? '');
    });
  }, []);
  return shortcut;
}
