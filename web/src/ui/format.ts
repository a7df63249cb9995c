// Dates as a Dutch employee reads them, always in the municipality's time zone.
const tz = 'Europe/Amsterdam';
const dateFmt = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: tz,
});
const dateTimeFmt = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: tz,
});

export const formatDate = (iso: string | null | undefined) => (iso ? dateFmt.format(new Date(iso)) : '');
export const formatDateTime = (iso: string | null | undefined) =>
  iso ? dateTimeFmt.format(new Date(iso)) : '';

/** Only the last two digits: enough to check with the caller, too little to misuse. */
export const maskBsn = (bsn: string) => `•••••••${bsn.slice(-2)}`;
