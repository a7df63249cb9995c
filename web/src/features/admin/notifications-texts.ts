// The texts of the two notification screens (Berichtsjablonen, Niet-bezorgde berichten), loaded with
// their lazy chunks.
import { i18n } from '../../i18n/index.ts';
import texts from './notifications-nl.json';

i18n.addResourceBundle('nl', 'translation', texts, true, false);
