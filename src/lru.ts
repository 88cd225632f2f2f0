// Maps that keep their most recently used entries: the connection's compiled statements, the
// lists' query shapes and their parsed query strings.

/** The value under `key`, made the most recently used; undefined when there is none. */
export function recall<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

/** Keeps `value` under `key` as the most recently used, dropping the least recently used past `max` entries. */
export function keep<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}
