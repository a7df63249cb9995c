// The announcements screen's texts, loaded with its lazy chunk.
import { i18n } from '../../i18n/index.ts';
import texts from './nl.json';

i18n.addResourceBundle('nl', 'translation', texts, true, false);
