/** ISO 3166-1 alpha-2 codes currently assigned (plus XK, used by the EU for Kosovo). */
export const ISO_COUNTRIES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
    'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
    'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
    'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
    'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
    'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
    'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
  ).split(' '),
);

/**
 * The European Economic Area: the 27 EU member states plus Iceland, Liechtenstein and Norway,
 * and the parts of the EU that carry ISO codes of their own: the outermost regions of
 * Art. 349 TFEU (French Guiana, Guadeloupe, Martinique, Réunion, Mayotte, Saint-Martin; the
 * Canaries, Azores and Madeira have no codes of their own) and Åland (Art. 355(4) TFEU). Not
 * the overseas countries and territories (e.g. BL, PF, NC, GL, AW), nor Svalbard (SJ), which
 * the EEA Agreement leaves out (Art. 126).
 */
export const EEA_COUNTRIES: ReadonlySet<string> = new Set(
  ('AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE ' + 'IS LI NO ' + 'GF GP MQ RE YT MF AX').split(' '),
);

export const isCountryCode = (code: string): boolean => ISO_COUNTRIES.has(code);
export const isInEea = (country: string): boolean => EEA_COUNTRIES.has(country);
