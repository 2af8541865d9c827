export function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

export function volumeLabel(level) {
  const pct = Math.round(clamp(level, 0, 1) * 100);
  return `volume ${pct}%`;
}
