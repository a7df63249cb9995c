// The screen pop's texts; the component is part of the werkplek frame, so they load with it.
import { i18n } from '../../i18n/index.ts';
import texts from './nl.json';

i18n.addResourceBundle('nl', 'translation', texts, true, false);
