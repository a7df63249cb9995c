// The routing and opening-hours screens' texts, loaded with their lazy chunks.
import { i18n } from '../../i18n/index.ts';
import texts from './nl.json';

i18n.addResourceBundle('nl', 'translation', texts, true, false);
