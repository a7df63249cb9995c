// The kennisbank's screen texts, loaded with its lazy chunks so the first screen does not carry them.
import { i18n } from '../../i18n/index.ts';
import texts from './nl.json';

i18n.addResourceBundle('nl', 'translation', texts, true, false);
