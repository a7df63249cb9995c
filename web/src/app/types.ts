// Shapes of the app API (/api/v1) as the werkplek uses them; see /work/contracts.md.

export type Me = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  teams: { id: string; code: string; name: string }[];
  permissions: string[];
};

export type PartyResult = {
  type: 'party';
  partyId: string;
  displayName: string;
  kind: string;
  birthYear: number | null;
  address: string | null;
  lastContactAt: string | null;
  matchedOn: string;
  score: number;
};
export type ContactResult = {
  type: 'contact';
  contactId: string;
  partyId: string | null;
  displayName: string | null;
  subject: string;
  channel: string;
  occurredAt: string;
  snippet: string | null;
  score: number;
};
export type SearchResponse = {
  query: string;
  detected: string;
  results: (PartyResult | ContactResult)[];
  page: number;
  pageSize: number;
  hasMore: boolean;
};

export type Address = {
  id: string;
  kind: 'visiting' | 'correspondence';
  street: string | null;
  houseNumber: number | null;
  houseLetter: string | null;
  houseNumberSuffix: string | null;
  postcode: string | null;
  city: string | null;
  country: string | null;
  addressLines: string[] | null;
};
export type DigitalAddress = {
  id: string;
  kind: 'email' | 'phone' | 'other';
  value: string;
  label: string | null;
  isPreferred: boolean;
};
export type PartyDetails = {
  id: string;
  number: string;
  kind: 'person' | 'organisation' | 'contact_person';
  displayName: string;
  birthDate: string | null;
  organisationName: string | null;
  preferredChannel: string | null;
  language: string | null;
  confidential: boolean;
  identifiers: { id: string; type: 'bsn' | 'kvk_nummer' | 'vestigingsnummer' | 'rsin'; value: string }[];
  addresses: Address[];
  digitalAddresses: DigitalAddress[];
};

export type TimelineItem = {
  kind: string;
  id: string;
  at: string;
  channel: string | null;
  direction: 'in' | 'out' | null;
  title: string;
  summary: string | null;
  data: Record<string, unknown>;
};
export type CustomerView = {
  party: PartyDetails;
  timeline: { items: TimelineItem[]; nextCursor: string | null };
};

export type Reason = {
  id: string;
  code: string;
  label: string;
  serviceNormDays: number | null;
  teamId: string | null;
  active?: boolean;
};
export type Channel = { code: string; label: string; active: boolean; sortOrder: number };
export type Team = { id: string; code: string; name: string };

export type ContactDetails = {
  id: string;
  number: string;
  channel: string;
  direction: 'in' | 'out';
  reason: { id: string; code: string; label: string } | null;
  subject: string;
  content: string | null;
  result: string | null;
  resolvedFirstContact: boolean | null;
  confidential: boolean;
  occurredAt: string;
  employee: { id: string; name: string } | null;
  team: { id: string; code: string; name: string } | null;
  parties: { id: string; partyId: string | null; role: string; initiator: boolean }[];
  subjects: { id: string; kind: string; reference: string; register: string | null }[];
  attachments: { id: string; filename: string; contentType: string; sizeBytes: number }[];
};

export type Task = {
  id: string;
  number?: string;
  kind?: string;
  status: string;
  subject?: string;
  title?: string;
  description?: string | null;
  owner?: {
    employee?: { id: string; name: string } | null;
    team?: { id: string; code?: string; name: string } | null;
  } | null;
  assignee?: { id: string; name: string } | null;
  partyId?: string | null;
  contactId?: string | null;
  dueAt: string | null;
  createdAt?: string;
};
