// The demo municipality's organisation: teams and the maintained list of contact reasons.
export const demoTeams = [
  { code: 'kcc', name: 'KCC' },
  { code: 'burgerzaken', name: 'Burgerzaken' },
  { code: 'belastingen', name: 'Belastingen' },
  { code: 'openbare-ruimte', name: 'Openbare Ruimte' },
  { code: 'werk-inkomen', name: 'Werk en Inkomen' },
  { code: 'vergunningen', name: 'Vergunningen' },
] as const;

export const demoReasons = [
  { code: 'paspoort', label: 'Paspoort of ID-kaart aanvragen', team: 'burgerzaken', norm: 2 },
  { code: 'verhuizing', label: 'Verhuizing doorgeven', team: 'burgerzaken', norm: 2 },
  { code: 'uittreksel', label: 'Uittreksel BRP', team: 'burgerzaken', norm: 2 },
  { code: 'rijbewijs', label: 'Rijbewijs', team: 'burgerzaken', norm: 2 },
  { code: 'huwelijk', label: 'Huwelijk of partnerschap', team: 'burgerzaken', norm: 5 },
  { code: 'aanslag', label: 'Aanslag gemeentelijke belastingen', team: 'belastingen', norm: 5 },
  { code: 'kwijtschelding', label: 'Kwijtschelding belastingen', team: 'belastingen', norm: 5 },
  { code: 'woz', label: 'WOZ-waarde en bezwaar', team: 'belastingen', norm: 5 },
  { code: 'afval', label: 'Afvalinzameling', team: 'openbare-ruimte', norm: 2 },
  { code: 'grofvuil', label: 'Grofvuil ophalen', team: 'openbare-ruimte', norm: 2 },
  { code: 'melding-openbare-ruimte', label: 'Melding openbare ruimte', team: 'openbare-ruimte', norm: 2 },
  { code: 'parkeervergunning', label: 'Parkeervergunning', team: 'vergunningen', norm: 5 },
  { code: 'omgevingsvergunning', label: 'Omgevingsvergunning', team: 'vergunningen', norm: 5 },
  { code: 'evenement', label: 'Evenementenvergunning', team: 'vergunningen', norm: 5 },
  { code: 'bijstand', label: 'Bijstandsuitkering', team: 'werk-inkomen', norm: 2 },
  { code: 'schuldhulp', label: 'Schuldhulpverlening', team: 'werk-inkomen', norm: 2 },
  { code: 'wmo', label: 'Wmo en zorg', team: 'werk-inkomen', norm: 2 },
  { code: 'klacht', label: 'Klacht', team: 'kcc', norm: 5 },
  { code: 'overig', label: 'Overige vraag', team: 'kcc', norm: 2 },
] as const;
