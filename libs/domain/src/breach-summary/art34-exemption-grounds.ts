import type { Art34Exemption } from '../catalog/vocabulary';

/** The conditions of Art. 34(3) under which the subjects need not be told of a high-risk breach. */
export const ART34_EXEMPTION_GROUNDS: Record<Art34Exemption, { article: string; condition: string }> = {
  'art34-3a': {
    article: 'Art. 34(3)(a)',
    condition: 'appropriate protection measures, such as encryption, render the personal data unintelligible to any person not authorised to access it',
  },
  'art34-3b': {
    article: 'Art. 34(3)(b)',
    condition: 'subsequent measures ensure that the high risk to the rights and freedoms of data subjects is no longer likely to materialise',
  },
  'art34-3c': {
    article: 'Art. 34(3)(c)',
    condition:
      'individual communication would involve disproportionate effort; a public communication or similar measure informs the data subjects equally effectively',
  },
};
