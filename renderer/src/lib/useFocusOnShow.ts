import { useEffect, useRef } from 'react';

/**
 * Moves keyboard and screen-reader focus to a heading when its screen or step appears,
 * so the officer hears where they are. The heading needs tabIndex={-1}.
 */
export function useFocusOnShow<T extends HTMLElement>(shown: boolean = true, key: unknown = null) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, key]);
  return ref;
}
