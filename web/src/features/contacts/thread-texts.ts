// Texts of the contact detail and its thread, loaded with that lazy chunk.
import { i18n } from '../../i18n/index.ts';
import texts from './thread-texts.json';

i18n.addResourceBundle('nl', 'translation', texts, true, false);
