// What residents ask about, per contact reason: subjects, what was discussed and the answer given.
// Placeholders: {straat} {datum} {bedrag} {zaak}.

export type ReasonTexts = { subjects: string[]; contents: string[]; results: string[]; outgoing: string[] };

export const reasonTexts: Record<string, ReasonTexts> = {
  paspoort: {
    subjects: [
      'Paspoort verlopen',
      'ID-kaart aanvragen voor kind',
      'Afspraak paspoort maken',
      'Paspoort kwijt',
    ],
    contents: [
      'Inwoner wil een nieuw paspoort aanvragen omdat het huidige over twee maanden verloopt. Vraagt welke documenten mee moeten.',
      'Vraag hoe een ID-kaart voor een minderjarig kind wordt aangevraagd en of beide ouders toestemming moeten geven.',
      'Paspoort is tijdens vakantie gestolen; inwoner vraagt wat te doen en of er een vermissingsverklaring nodig is.',
    ],
    results: [
      'Afspraak ingepland op {datum} aan de balie. Pasfoto en oude paspoort meenemen.',
      'Uitgelegd dat beide ouders toestemming moeten geven via het formulier op de website.',
      'Doorverwezen naar het formulier vermissing; afspraak voor een nieuw paspoort gemaakt.',
    ],
    outgoing: ['Herinnering: uw paspoort ligt klaar om af te halen.'],
  },
  verhuizing: {
    subjects: [
      'Verhuizing doorgeven',
      'Adreswijziging',
      'Inschrijving na verhuizing',
      'Verhuizing naar {straat}',
    ],
    contents: [
      'Inwoner verhuist binnen de gemeente naar de {straat} en wil de adreswijziging doorgeven.',
      'Vraag of de verhuizing ook voor de kinderen geldt en hoe lang het verwerken duurt.',
      'Melding dat er mogelijk iemand onterecht op het adres staat ingeschreven.',
    ],
    results: [
      'Verhuizing digitaal doorgegeven met DigiD; bevestiging volgt per post.',
      'Uitgelegd dat de verhuizing binnen vijf werkdagen wordt verwerkt.',
      'Adresonderzoek gestart door Burgerzaken.',
    ],
    outgoing: [
      'Bevestiging verwerking adreswijziging.',
      'Verzoek om aanvullende gegevens voor adresonderzoek.',
    ],
  },
  uittreksel: {
    subjects: ['Uittreksel BRP aanvragen', 'Uittreksel voor emigratie', 'Bewijs van Nederlanderschap'],
    contents: [
      'Inwoner heeft een uittreksel BRP nodig voor een nieuwe werkgever.',
      'Vraag of een internationaal uittreksel ook digitaal kan worden aangevraagd.',
    ],
    results: [
      'Uittreksel online aangevraagd; wordt binnen drie werkdagen verstuurd.',
      'Uitgelegd hoe de aanvraag via de website gaat.',
    ],
    outgoing: ['Uw uittreksel is verzonden.'],
  },
  rijbewijs: {
    subjects: ['Rijbewijs verlengen', 'Rijbewijs kwijt', 'Gezondheidsverklaring rijbewijs'],
    contents: [
      'Vraag of het rijbewijs al verlengd kan worden en hoe lang dat duurt.',
      'Inwoner van 75 jaar vraagt naar de gezondheidsverklaring bij het CBR.',
    ],
    results: [
      'Afspraak gemaakt op {datum}.',
      'Uitgelegd dat eerst de gezondheidsverklaring bij het CBR nodig is.',
    ],
    outgoing: ['Uw rijbewijs ligt klaar.'],
  },
  huwelijk: {
    subjects: ['Huwelijk melden', 'Trouwlocatie reserveren', 'Geregistreerd partnerschap'],
    contents: [
      'Stel wil in het voorjaar trouwen in het oude raadhuis en vraagt naar beschikbare data en kosten.',
      'Vraag naar het verschil tussen huwelijk en geregistreerd partnerschap.',
    ],
    results: [
      'Voorgenomen huwelijk gemeld; trouwdatum {datum} gereserveerd.',
      'Informatie over kosten per e-mail gestuurd.',
    ],
    outgoing: ['Bevestiging reservering trouwlocatie.'],
  },
  aanslag: {
    subjects: [
      'Vraag over aanslag gemeentelijke belastingen',
      'Betalingsregeling aanslag',
      'Automatische incasso',
    ],
    contents: [
      'Inwoner begrijpt het bedrag van {bedrag} op de aanslag niet en vraagt om uitleg over de afvalstoffenheffing.',
      'Vraag of de aanslag in termijnen betaald kan worden.',
      'Inwoner wil automatische incasso afsluiten voor de gemeentelijke belastingen.',
    ],
    results: [
      'Opbouw van de aanslag uitgelegd.',
      'Betaling in tien termijnen via automatische incasso geregeld.',
      'Machtigingsformulier toegestuurd.',
    ],
    outgoing: ['Herinnering: betaling aanslag openstaand.'],
  },
  kwijtschelding: {
    subjects: ['Kwijtschelding aanvragen', 'Status verzoek kwijtschelding', 'Afwijzing kwijtschelding'],
    contents: [
      'Inwoner met een bijstandsuitkering vraagt of kwijtschelding van de gemeentelijke belastingen mogelijk is.',
      'Vraag naar de stand van zaken van het verzoek om kwijtschelding ingediend op {datum}.',
    ],
    results: [
      'Formulier kwijtschelding toegestuurd.',
      'Verzoek is in behandeling; besluit volgt binnen acht weken.',
    ],
    outgoing: ['Besluit op uw verzoek om kwijtschelding.'],
  },
  woz: {
    subjects: ['Bezwaar WOZ-waarde', 'WOZ-taxatieverslag opvragen', 'Vraag over WOZ-beschikking'],
    contents: [
      'Inwoner vindt de WOZ-waarde van de woning aan de {straat} te hoog in vergelijking met de buren.',
      'Vraag hoe het taxatieverslag kan worden ingezien.',
    ],
    results: ['Uitgelegd hoe bezwaar digitaal kan worden ingediend.', 'Taxatieverslag per e-mail verstuurd.'],
    outgoing: ['Uitspraak op bezwaar WOZ-beschikking.'],
  },
  afval: {
    subjects: [
      'Container niet geleegd',
      'Nieuwe container aanvragen',
      'Afvalkalender',
      'Kapotte groene container',
    ],
    contents: [
      'De groene container aan de {straat} is deze week niet geleegd.',
      'Inwoner vraagt een extra container voor papier aan.',
      'Deksel van de container is afgebroken tijdens het legen.',
    ],
    results: [
      'Melding doorgezet naar de inzamelaar; container wordt morgen alsnog geleegd.',
      'Nieuwe container besteld.',
      'Afvalkalender uitgelegd.',
    ],
    outgoing: ['Uw container wordt vervangen.'],
  },
  grofvuil: {
    subjects: ['Grofvuil laten ophalen', 'Afspraak grofvuil verzetten'],
    contents: [
      'Inwoner wil een bank en een matras laten ophalen.',
      'Vraag of de ophaalafspraak verzet kan worden.',
    ],
    results: ['Ophaalafspraak gemaakt voor {datum}.', 'Afspraak verzet.'],
    outgoing: ['Bevestiging ophaalafspraak grofvuil.'],
  },
  'melding-openbare-ruimte': {
    subjects: [
      'Straatverlichting kapot',
      'Losliggende stoeptegels',
      'Zwerfafval',
      'Overhangende takken',
      'Kuil in de weg',
    ],
    contents: [
      'Lantaarnpaal ter hoogte van {straat} brandt al een week niet.',
      'Losliggende tegels op de stoep aan de {straat}; een oudere buurvrouw is gestruikeld.',
      'Veel zwerfafval rond de glasbak op de {straat}.',
      'Takken van een gemeenteboom hangen over de rijbaan.',
    ],
    results: [
      'Melding aangemaakt en doorgezet naar de buitendienst.',
      'Melding aangemaakt; herstel binnen twee weken.',
    ],
    outgoing: ['Uw melding is afgehandeld.'],
  },
  parkeervergunning: {
    subjects: ['Parkeervergunning aanvragen', 'Kenteken wijzigen op vergunning', 'Bezoekersparkeren'],
    contents: [
      'Inwoner van de {straat} vraagt een parkeervergunning aan voor een tweede auto.',
      'Nieuw kenteken moet op de bestaande parkeervergunning.',
    ],
    results: ['Aanvraag ingediend; vergunning gaat in per {datum}.', 'Kenteken gewijzigd.'],
    outgoing: ['Uw parkeervergunning is verlengd.'],
  },
  omgevingsvergunning: {
    subjects: ['Dakkapel plaatsen', 'Vergunning aanbouw', 'Bezwaar tegen bouwplan buren', 'Boom kappen'],
    contents: [
      'Vraag of voor een dakkapel aan de achterkant een omgevingsvergunning nodig is.',
      'Inwoner wil bezwaar maken tegen het bouwplan op de {straat}.',
      'Vraag naar de stand van zaken van aanvraag {zaak}.',
    ],
    results: [
      'Verwezen naar het Omgevingsloket voor de vergunningcheck.',
      'Uitgelegd hoe een zienswijze wordt ingediend.',
      'Aanvraag in behandeling; besluit voor {datum}.',
    ],
    outgoing: ['Aanvullende gegevens nodig voor uw aanvraag {zaak}.'],
  },
  evenement: {
    subjects: ['Buurtfeest organiseren', 'Evenementenvergunning braderie', 'Straat afsluiten voor feest'],
    contents: [
      'Bewoners willen een buurtfeest houden op de {straat} en de straat afsluiten.',
      'Vraag naar de termijnen voor een evenementenvergunning.',
    ],
    results: [
      'Melding klein evenement is voldoende; formulier toegestuurd.',
      'Aanvraag moet acht weken vooraf binnen zijn.',
    ],
    outgoing: ['Vergunning voor uw evenement verleend.'],
  },
  bijstand: {
    subjects: ['Bijstandsuitkering aanvragen', 'Wijziging inkomsten doorgeven', 'Uitbetaling uitkering'],
    contents: [
      'Inwoner is werkloos geraakt en vraagt naar de voorwaarden voor bijstand.',
      'Vraag waarom de uitkering deze maand later is uitbetaald.',
      'Inwoner heeft bijverdiensten en wil die doorgeven.',
    ],
    results: [
      'Intakegesprek ingepland op {datum}.',
      'Uitbetaling staat klaar; komt binnen twee werkdagen binnen.',
      'Wijziging verwerkt.',
    ],
    outgoing: ['Uitnodiging intakegesprek.', 'Verzoek om bankafschriften.'],
  },
  schuldhulp: {
    subjects: ['Hulp bij schulden', 'Aanmelding schuldhulpverlening', 'Betalingsachterstand huur'],
    contents: [
      'Inwoner heeft betalingsachterstanden en vraagt om hulp.',
      'Vraag naar de wachttijd voor schuldhulpverlening.',
    ],
    results: [
      'Aangemeld voor een eerste gesprek met een schuldhulpverlener.',
      'Informatie over budgetcoaching gegeven.',
    ],
    outgoing: ['Uitnodiging eerste gesprek schuldhulpverlening.'],
  },
  wmo: {
    subjects: ['Huishoudelijke hulp aanvragen', 'Traplift', 'Scootmobiel', 'Mantelzorgwaardering'],
    contents: [
      'Dochter belt namens haar moeder die na een heupoperatie hulp in het huishouden nodig heeft.',
      'Inwoner vraagt een traplift aan voor de woning aan de {straat}.',
      'Scootmobiel is kapot en moet gerepareerd worden.',
    ],
    results: [
      'Melding Wmo aangemaakt; consulent neemt binnen vijf werkdagen contact op.',
      'Reparatie aangevraagd bij de leverancier.',
    ],
    outgoing: ['Afspraak keukentafelgesprek bevestigd.'],
  },
  klacht: {
    subjects: ['Klacht over behandeling', 'Klacht over wachttijd', 'Niet teruggebeld'],
    contents: [
      'Inwoner is ontevreden omdat er na twee weken nog steeds niet is teruggebeld.',
      'Klacht over de lange wachttijd aan de telefoon.',
      'Inwoner voelt zich onheus bejegend aan de balie.',
    ],
    results: [
      'Klacht geregistreerd en doorgestuurd naar de klachtencoördinator.',
      'Excuses aangeboden; terugbelverzoek opnieuw uitgezet.',
    ],
    outgoing: ['Ontvangstbevestiging van uw klacht.', 'Afhandeling van uw klacht.'],
  },
  overig: {
    subjects: [
      'Openingstijden gemeentehuis',
      'Vraag over de gemeenteraad',
      'Algemene vraag',
      'Gevonden voorwerp',
    ],
    contents: [
      'Vraag naar de openingstijden van het gemeentehuis rond de feestdagen.',
      'Inwoner wil weten wanneer de volgende raadsvergadering is.',
      'Portemonnee gevonden op de {straat}.',
    ],
    results: [
      'Openingstijden doorgegeven.',
      'Verwezen naar de website van de gemeenteraad.',
      'Gevonden voorwerp geregistreerd.',
    ],
    outgoing: ['Antwoord op uw vraag.'],
  },
};
