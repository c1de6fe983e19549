/**
 * The time zones an outlet can choose, by their current IANA names. The
 * JavaScript engine lists zones by CLDR's names, which keep some spellings the
 * IANA database has since changed (Europe/Kiev for Europe/Kyiv, Asia/Calcutta
 * for Asia/Kolkata) and leave out UTC. The list here uses the current names and
 * adds UTC; a zone saved under an old name stays valid, and the lists show it
 * under its new one. Both names mean the same zone to Intl.
 */

/** CLDR's spelling → IANA's current one (the renames; zones merged into others keep their own names). */
const RENAMED: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** The zone's current name: an old spelling (saved before this list) becomes the new one. */
export function currentZoneName(zone: string): string {
  return RENAMED[zone] ?? zone;
}

/** UTC first, then every zone by its current name, in order. */
export const TIME_ZONES: readonly string[] = [
  'UTC',
  ...[...new Set(Intl.supportedValuesOf('timeZone').map(currentZoneName))].filter((z) => z !== 'UTC').sort(),
];

const KNOWN = new Set([...TIME_ZONES, ...Object.keys(RENAMED)]);

/** A zone from the list, or an old spelling of one (a value saved before keeps working). */
export function isTimeZone(zone: string): boolean {
  return KNOWN.has(zone);
}
