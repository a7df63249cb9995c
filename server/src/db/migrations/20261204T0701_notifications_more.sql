-- Notifications (issue 8), part two: when the last attempt was made (shown on the dead-letter list),
-- and the Dutch default templates. Placeholders are {{naam}} and the ones listed per code in
-- modules/notifications/notifications.templates.ts; a line whose placeholder has no value is left
-- out, so optional parts (a toelichting) sit on a line of their own.
ALTER TABLE notifications ADD COLUMN last_attempt_at timestamptz;

INSERT INTO notification_templates (code, channel, language, subject, body) VALUES
('case_status', 'email', 'nl', 'Uw zaak {{zaaknummer}}: {{status}}',
'Beste {{naam}},

De status van uw zaak "{{onderwerp}}" ({{zaaktype}}, zaaknummer {{zaaknummer}}) is gewijzigd in: {{status}}.

Toelichting: {{toelichting}}

{{vervolg}}

Heeft u een vraag over uw zaak? Neem contact met ons op en noem het zaaknummer.

Met vriendelijke groet,
Uw gemeente'),
('case_status', 'sms', 'nl', 'Uw zaak {{zaaknummer}}: {{status}}',
'Uw zaak {{zaaknummer}} ({{onderwerp}}) heeft een nieuwe status: {{status}}.
{{vervolg}}
Uw gemeente'),
('case_status', 'whatsapp', 'nl', 'Uw zaak {{zaaknummer}}: {{status}}',
'Beste {{naam}}, de status van uw zaak "{{onderwerp}}" (zaaknummer {{zaaknummer}}) is gewijzigd in: {{status}}.
Toelichting: {{toelichting}}
{{vervolg}}
Uw gemeente'),
('case_status', 'post', 'nl', 'Uw zaak {{zaaknummer}}: {{status}}',
'Beste {{naam}},

De status van uw zaak "{{onderwerp}}" ({{zaaktype}}, zaaknummer {{zaaknummer}}) is gewijzigd in: {{status}}.

Toelichting: {{toelichting}}

{{vervolg}}

Heeft u een vraag over uw zaak? Bel ons of kom langs en noem het zaaknummer.

Met vriendelijke groet,
Uw gemeente'),
('case_document', 'email', 'nl', 'Uw zaak {{zaaknummer}}: nieuw document',
'Beste {{naam}},

Bij uw zaak "{{onderwerp}}" ({{zaaktype}}, zaaknummer {{zaaknummer}}) is een document toegevoegd: {{document}} ({{datum}}).

Heeft u een vraag over uw zaak? Neem contact met ons op en noem het zaaknummer.

Met vriendelijke groet,
Uw gemeente'),
('case_document', 'sms', 'nl', 'Uw zaak {{zaaknummer}}: nieuw document',
'Bij uw zaak {{zaaknummer}} is een document toegevoegd: {{document}}. U vindt het in MijnGemeente.
Uw gemeente'),
('case_document', 'whatsapp', 'nl', 'Uw zaak {{zaaknummer}}: nieuw document',
'Beste {{naam}}, bij uw zaak "{{onderwerp}}" (zaaknummer {{zaaknummer}}) is een document toegevoegd: {{document}} ({{datum}}). U vindt het in MijnGemeente.
Uw gemeente'),
('case_document', 'post', 'nl', 'Uw zaak {{zaaknummer}}: nieuw document',
'Beste {{naam}},

Bij uw zaak "{{onderwerp}}" ({{zaaktype}}, zaaknummer {{zaaknummer}}) is een document toegevoegd: {{document}} ({{datum}}).

Heeft u een vraag over uw zaak? Bel ons of kom langs en noem het zaaknummer.

Met vriendelijke groet,
Uw gemeente'),
('callback_done', 'email', 'nl', 'Uw terugbelverzoek {{nummer}} is afgehandeld',
'Beste {{naam}},

Uw terugbelverzoek "{{onderwerp}}" (nummer {{nummer}}) is afgehandeld.

{{uitkomst}}

Heeft u nog een vraag? Neem contact met ons op en noem het nummer.

Met vriendelijke groet,
Uw gemeente'),
('callback_done', 'sms', 'nl', 'Uw terugbelverzoek {{nummer}} is afgehandeld',
'Uw terugbelverzoek {{nummer}} ({{onderwerp}}) is afgehandeld.
{{uitkomst}}
Uw gemeente'),
('callback_done', 'whatsapp', 'nl', 'Uw terugbelverzoek {{nummer}} is afgehandeld',
'Beste {{naam}}, uw terugbelverzoek "{{onderwerp}}" (nummer {{nummer}}) is afgehandeld.
{{uitkomst}}
Uw gemeente'),
('callback_done', 'post', 'nl', 'Uw terugbelverzoek {{nummer}} is afgehandeld',
'Beste {{naam}},

Uw terugbelverzoek "{{onderwerp}}" (nummer {{nummer}}) is afgehandeld.

{{uitkomst}}

Heeft u nog een vraag? Bel ons of kom langs en noem het nummer.

Met vriendelijke groet,
Uw gemeente'),
('announcement', 'email', 'nl', '{{titel}}',
'Beste {{naam}},

{{tekst}}

U ontvangt dit bericht omdat u zich hierop heeft geabonneerd in MijnGemeente. Daar kunt u het abonnement ook stoppen.

Met vriendelijke groet,
Uw gemeente'),
('announcement', 'sms', 'nl', '{{titel}}',
'{{titel}}
{{tekst}}
Uw gemeente'),
('announcement', 'whatsapp', 'nl', '{{titel}}',
'{{titel}}

{{tekst}}

Uw gemeente'),
('announcement', 'post', 'nl', '{{titel}}',
'Beste {{naam}},

{{tekst}}

U ontvangt deze brief omdat u zich hierop heeft geabonneerd. In MijnGemeente kunt u het abonnement stoppen.

Met vriendelijke groet,
Uw gemeente'),
('verification_code', 'email', 'nl', 'Uw controlecode: {{code}}',
'Beste {{naam}},

Uw controlecode is: {{code}}

Vul deze code in MijnGemeente in om uw adres te bevestigen. De code is {{minuten}} minuten geldig. Heeft u dit niet zelf gevraagd? Dan kunt u dit bericht negeren.

Met vriendelijke groet,
Uw gemeente'),
('verification_code', 'sms', 'nl', 'Uw controlecode',
'Uw controlecode voor MijnGemeente is {{code}}. De code is {{minuten}} minuten geldig.'),
('verification_code', 'whatsapp', 'nl', 'Uw controlecode',
'Uw controlecode voor MijnGemeente is {{code}}. De code is {{minuten}} minuten geldig.')
ON CONFLICT (code, channel, language) DO NOTHING;
