// All screen texts live in nl.json; the werkplek is Dutch. A second language is one more file.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import nl from './nl.json';

void i18n.use(initReactI18next).init({
  resources: { nl: { translation: nl } },
  lng: 'nl',
  fallbackLng: 'nl',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18n };
